// Bare libxml2 SAX2 push parsing with empty handlers, the same chunking as customs (64 KiB, first
// 4 bytes for encoding detection): the ceiling for any SAX-based validator. Reads file paths
// from standard input; prints the bytes parsed.
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
static void s(void *c, const xmlChar *l, const xmlChar *p, const xmlChar *u, int nn, const xmlChar **n, int na, int nd, const xmlChar **a) {}
static void e(void *c, const xmlChar *l, const xmlChar *p, const xmlChar *u) {}
static void ch(void *c, const xmlChar *t, int len) {}
int main(int argc, char **argv) {
  xmlSAXHandler h; memset(&h, 0, sizeof h); h.initialized = XML_SAX2_MAGIC;
  h.startElementNs = s; h.endElementNs = e; h.characters = ch;
  xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&h, NULL, NULL, 0, NULL);
  static char buf[65536]; long total = 0; int bad = 0; char path[4096];
  while (fgets(path, sizeof path, stdin)) {
    path[strcspn(path, "\n")] = 0;
    int fd = open(path, O_RDONLY); if (fd < 0) continue;
    ssize_t n = read(fd, buf, sizeof buf); int head = n < 4 ? n : 4;
    xmlCtxtResetPush(ctxt, buf, head, NULL, NULL);
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    int start = head;
    while (n > 0) { total += n; xmlParseChunk(ctxt, buf + start, n - start, 0); start = 0; n = read(fd, buf, sizeof buf); }
    xmlParseChunk(ctxt, NULL, 0, 1); if (!ctxt->wellFormed) bad++;
    close(fd);
  }
  printf("%ld %d\n", total, bad);
  return 0;
}
