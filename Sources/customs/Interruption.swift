import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT and SIGTERM, turned into a flag that long commands check between records, so that an
/// interrupted run finishes the record it is writing, closes its output (summary, JUnit footer,
/// manifest) and exits with 130 instead of dying mid-line. A second signal ends the process at
/// once, as the default action would.
enum Interruption {
    /// The exit code of an interrupted run (128 + SIGINT, as shells report it).
    static let exitCode: Int32 = 130

    private static let flag = Atomic<Bool>(false)

    /// Whether a signal has come since `install()`.
    static var requested: Bool { flag.load(ordering: .relaxed) }

    /// Installs the handlers; call once, before the work starts (on the main thread: threads
    /// started later inherit its signal mask).
    static func install() {
        // A process started with these signals blocked (some launchers and test runners block
        // them in the parent, and a child inherits the mask) would never see them: unblock.
        var handled = sigset_t()
        sigemptyset(&handled)
        sigaddset(&handled, SIGINT)
        sigaddset(&handled, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
        // `signal` installs the handler with restart semantics (SA_RESTART, on glibc as on the
        // BSDs): a read or write under way when the signal comes resumes by itself, so no caller
        // needs to retry on EINTR.
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { number in
                // Only async-signal-safe work here: an atomic store, and on a second signal the
                // default action restored and the signal raised again.
                if Interruption.flag.exchange(true, ordering: .relaxed) {
                    signal(number, SIG_DFL)
                    raise(number)
                }
            }
        }
    }
}
