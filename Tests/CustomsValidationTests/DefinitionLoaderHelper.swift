import CustomsDefinitions
import Foundation

/// The shipped DataModel folder, loaded once for the tests of this target.
enum DefinitionLoaderHelper {
    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let shipped = DefinitionLoader.load(directory: projectRoot.appendingPathComponent("DataModel").path)
}
