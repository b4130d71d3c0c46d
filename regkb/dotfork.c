/* regkb-dotfork: `dot -Kdot -Tsvg` with its start-up done once, one fork()ed child per graph.
 * Built by scripts/bootstrap.sh (cc -O2 -o .venv/bin/regkb-dotfork regkb/dotfork.c -lgvc -lcgraph);
 * driven by regkb.graphs.DotServer, which falls back to plain `dot` without it.
 *
 * Why: a chart's `dot` run costs ~22 ms of CPU, of which only ~6 ms is layout and SVG; the rest is
 * loading ~50 shared libraries, parsing fontconfig's configuration and opening the CJK font.
 *
 * Why it is byte-identical: cgraph orders subgraphs (clusters) by the address of their interned name,
 * so output depends on the heap's history before a graph is read.  The parent does exactly what
 * Graphviz 2.42/2.43's cmd/dot/dot.c main() does before reading its input (same libraries, same
 * argv, same calls) and nothing else that touches glibc's heap: requests go through memfds and
 * static buffers.  Each child runs the rest of dot's main() from that state, as a fresh `dot` would.
 *
 * Optional warm-up (argv: FONT TEXT SIZE...): lays out TEXT in FONT at each SIZE through Graphviz's
 * own text layout plugin, so fontconfig, pango and the font's glyphs are ready before forking.
 * While it runs, malloc & co. serve every allocation from a private mapping and free() is a no-op,
 * so glibc's heap is left exactly as dot's start-up left it; blocks of that mapping are never freed
 * (free ignores them, realloc copies them out).
 *
 * Protocol on stdin/stdout, one request at a time:
 *   request:  uint32 n, then n bytes of DOT source
 *   response: uint32 wait status, uint32 len(stdout), uint32 len(stderr), then those bytes
 * Exit status: 0 at end of input, 3 on an I/O error, 4 if the warm-up left threads running.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <graphviz/gvc.h>
#include <graphviz/textspan.h>

extern int GvExitOnUsage;
extern void gvtextlayout(GVC_t *gvc, textspan_t *span, char **fontpath); /* gvcproc.h, not installed */
extern void *__libc_malloc(size_t);
extern void __libc_free(void *);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static GVC_t *Gvc;
static graph_t *G;
static lt_symlist_t no_builtins[] = {{0, 0}}; /* dot's lt_preloaded_symbols: empty */
static char buffer[1 << 16];

/* ---- allocations during the warm-up ---- */

#define SIDE_SIZE ((size_t)1 << 30)
static int warming;
static char *side_base, *side_end;
static size_t side_used;

static int in_side(const void *p)
{
    return side_base && (const char *)p >= side_base && (const char *)p < side_end;
}

/* A block laid out like glibc's mmapped chunks (size word at p-8, bit 2 set), so that
 * malloc_usable_size reads it right. */
static void *side_alloc(size_t n, size_t align)
{
    size_t body = (n + 15) & ~(size_t)15, total, start;
    uintptr_t p;
    if (align < 16)
        align = 16;
    total = body + align + 16;
    start = __atomic_fetch_add(&side_used, total, __ATOMIC_RELAXED);
    if (start + total > SIDE_SIZE)
        abort();
    p = ((uintptr_t)side_base + start + 16 + align - 1) & ~(uintptr_t)(align - 1);
    ((size_t *)p)[-1] = (body + 16) | 2;
    ((size_t *)p)[-2] = 0;
    return (void *)p;
}

static int is_warming(void)
{
    return __atomic_load_n(&warming, __ATOMIC_RELAXED);
}

void *malloc(size_t n)
{
    return is_warming() ? side_alloc(n, 16) : __libc_malloc(n);
}

void free(void *p)
{
    if (p && !in_side(p) && !is_warming())
        __libc_free(p);
}

void *calloc(size_t a, size_t b)
{
    if (!is_warming())
        return __libc_calloc(a, b);
    if (b && a > (size_t)-1 / b)
        return NULL;
    return side_alloc(a * b, 16); /* fresh pages, never reused: zero already */
}

void *realloc(void *p, size_t n)
{
    void *q;
    size_t old;
    if (!p)
        return malloc(n);
    if (!in_side(p) && !is_warming())
        return __libc_realloc(p, n);
    old = malloc_usable_size(p);
    q = malloc(n);
    if (q)
        memcpy(q, p, old < n ? old : n);
    return q;
}

void *reallocarray(void *p, size_t a, size_t b)
{
    if (b && a > (size_t)-1 / b) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(p, a * b);
}

void *memalign(size_t align, size_t n)
{
    return is_warming() ? side_alloc(n, align) : __libc_memalign(align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
    return memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
    void *p = memalign(align, n);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

void *valloc(size_t n)
{
    return memalign(4096, n);
}

void *pvalloc(size_t n)
{
    return memalign(4096, (n + 4095) & ~(size_t)4095);
}

static int thread_count(void)
{
    int n = 0;
    struct dirent *e;
    DIR *d = opendir("/proc/self/task");
    if (!d)
        return -1;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static int warm_up(char *font, char *text, int nsizes, char **sizes)
{
    int i, threads;
    side_base = mmap(NULL, SIDE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (side_base == MAP_FAILED) {
        side_base = NULL;
        return 0;
    }
    side_end = side_base + SIDE_SIZE;
    __atomic_store_n(&warming, 1, __ATOMIC_SEQ_CST);
    for (i = 0; i < nsizes; i++) {
        textfont_t f;
        textspan_t span;
        memset(&f, 0, sizeof f);
        memset(&span, 0, sizeof span);
        f.name = font; /* the plugin keeps this pointer: argv outlives it */
        f.size = strtod(sizes[i], NULL);
        span.str = text;
        span.font = &f;
        span.just = 'n';
        gvtextlayout(Gvc, &span, NULL);
        if (span.layout && span.free_layout)
            span.free_layout(span.layout);
    }
    /* pango's fontconfig threads: fork only once they are gone */
    for (i = 0; i < 2000 && (threads = thread_count()) != 1; i++)
        usleep(1000);
    __atomic_store_n(&warming, 0, __ATOMIC_SEQ_CST);
    return threads == 1 ? 0 : 4;
}

/* ---- dot ---- */

static void intr(int s)
{
    (void)s;
    if (G)
        gvRenderJobs(Gvc, G);
    exit(gvFreeContext(Gvc));
}

/* The rest of dot's main(), after its signal() calls (Graphviz 2.42/2.43 cmd/dot/dot.c). */
static int dot_rest(void)
{
    graph_t *prev = NULL;
    int r, rc = 0;

    if ((G = gvPluginsGraph(Gvc))) {
        gvLayoutJobs(Gvc, G);
        gvRenderJobs(Gvc, G);
    } else {
        while ((G = gvNextInputGraph(Gvc))) {
            if (prev) {
                gvFreeLayout(Gvc, prev);
                agclose(prev);
            }
            gvLayoutJobs(Gvc, G);
            gvRenderJobs(Gvc, G);
            gvFinalize(Gvc);
            r = agreseterrors();
            rc = rc > r ? rc : r;
            prev = G;
        }
    }
    r = gvFreeContext(Gvc);
    return rc > r ? rc : r;
}

/* ---- requests ---- */

static int full_read(int fd, void *data, size_t n)
{
    char *p = data;
    while (n) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

static int full_write(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n) {
        ssize_t r = write(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

static int send_file(int from, int to, size_t n)
{
    off_t offset = 0;
    while (n) {
        ssize_t r = sendfile(to, from, &offset, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        n -= (size_t)r;
    }
    return 0;
}

static uint32_t file_size(int fd)
{
    struct stat st;
    return fstat(fd, &st) ? 0 : (uint32_t)st.st_size;
}

int main(int argc, char **argv)
{
    static char *dot_argv[] = {"dot", "-Kdot", "-Tsvg", NULL};
    int in = memfd_create("dot-in", 0), out = memfd_create("dot-out", 0), err = memfd_create("dot-err", 0);

    if (in < 0 || out < 0 || err < 0)
        return 3;
    Gvc = gvContextPlugins(no_builtins, 1);
    GvExitOnUsage = 1;
    gvParseArgs(Gvc, 3, dot_argv);
    signal(SIGUSR1, gvToggle);
    signal(SIGINT, intr);
    if (argc > 3 && warm_up(argv[1], argv[2], argc - 3, argv + 3))
        return 4;

    for (;;) {
        uint32_t n, head[3];
        size_t left;
        pid_t pid;
        int status;

        if (full_read(0, &n, sizeof n))
            return 0;
        if (ftruncate(in, 0) || ftruncate(out, 0) || ftruncate(err, 0) || lseek(in, 0, SEEK_SET))
            return 3;
        for (left = n; left;) {
            size_t chunk = left < sizeof buffer ? left : sizeof buffer;
            if (full_read(0, buffer, chunk) || full_write(in, buffer, chunk))
                return 3;
            left -= chunk;
        }
        if (lseek(in, 0, SEEK_SET) || lseek(out, 0, SEEK_SET) || lseek(err, 0, SEEK_SET))
            return 3;
        pid = fork();
        if (pid < 0)
            return 3;
        if (pid == 0) {
            if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
                _exit(3);
            close(in);
            close(out);
            close(err);
            exit(dot_rest());
        }
        while (waitpid(pid, &status, 0) < 0)
            if (errno != EINTR)
                return 3;
        head[0] = (uint32_t)status;
        head[1] = file_size(out);
        head[2] = file_size(err);
        if (full_write(1, head, sizeof head) || send_file(out, 1, head[1]) || send_file(err, 1, head[2]))
            return 3;
    }
}
