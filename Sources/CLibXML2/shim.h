#ifndef CUSTOMS_CLIBXML2_SHIM_H
#define CUSTOMS_CLIBXML2_SHIM_H

// Debug builds break when a target imports both libxml2 and Foundation (an ICU `UErrorCode`
// clash); the XML reader never needs libxml2's ICU support.
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

// `xmlFree` is a global function-pointer variable; Swift 6 refuses to read mutable C globals,
// so it is called through this function.
static inline void customs_xmlFree(void *pointer) { xmlFree(pointer); }

// libxml2 prints some errors itself with `xmlGenericError` (C-variadic, so not writable in
// Swift), bypassing every structured handler: `xmlParseChunk: encoder error`, for one. Parsing
// must never print, so this handler drops them; the errors still reach the reader through the
// parser's return code and the structured handler.
__attribute__((unused)) static void customs_ignoreGenericError(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

// Installs `customs_ignoreGenericError` for the calling thread and as the default for threads
// that first use libxml2 later (libxml2's error globals are per thread).
static inline void customs_silenceGenericErrors(void) {
    xmlSetGenericErrorFunc(NULL, customs_ignoreGenericError);
    xmlThrDefSetGenericErrorFunc(NULL, customs_ignoreGenericError);
}

#endif
