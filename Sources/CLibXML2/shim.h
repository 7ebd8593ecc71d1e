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

#endif
