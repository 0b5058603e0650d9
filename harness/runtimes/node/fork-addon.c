/*
 * The system calls of the Node fork server (fork-server.ts; PROTOCOL.md, "Node fork server"), as a Node-API addon
 * that `npm run build` compiles with the C compiler (scripts/build-node-fork.ts). Node has no fork of its own: this
 * gives the fork server one, and what a forked Node needs to run on as a process of its own.
 *
 * - next(): the fork server's wait, blocking: the next request line on stdin, or a child it has reaped.
 * - fork(socketPath, id): connect the agent's three streams to the harness, then fork. In the child they become
 *   fds 0, 1 and 2, and libuv's loop gets kernel state of its own (uv_loop_fork).
 * - In the child: pid(); exit(code), which leaves at once; and endWith(code), which leaves at the end of the
 *   environment's teardown with the code last given.
 *
 * Why the child must never go through Node's own teardown: fork copies only the calling thread, and Node's teardown
 * joins its platform's worker threads, which the child never had (a crash or a wait for ever). So every way out of a
 * forked agent is an _exit once Node has run its 'exit' listeners: process.exit through process.reallyExit, the end
 * of the event loop through an environment cleanup hook (fork-server.ts sets both).
 *
 * Linux only, as the fork server: V8 marks every page it maps MADV_DONTFORK (a spawn from a large heap then copies
 * less), which a child that is to run that heap must undo first.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* Node-API and libuv, declared here rather than included: Node-API's C ABI is stable across Node versions, and
 * Node exports both, so the build needs a C compiler and nothing of Node's headers. */
typedef struct napi_env__ *napi_env;
typedef struct napi_value__ *napi_value;
typedef struct napi_callback_info__ *napi_callback_info;
typedef int napi_status;
typedef napi_value (*napi_callback)(napi_env env, napi_callback_info info);
struct uv_loop_s;
extern napi_status napi_create_function(napi_env, const char *, size_t, napi_callback, void *, napi_value *);
extern napi_status napi_set_named_property(napi_env, napi_value, const char *, napi_value);
extern napi_status napi_get_cb_info(napi_env, napi_callback_info, size_t *, napi_value *, napi_value *, void **);
extern napi_status napi_get_value_int32(napi_env, napi_value, int32_t *);
extern napi_status napi_get_value_string_utf8(napi_env, napi_value, char *, size_t, size_t *);
extern napi_status napi_create_int32(napi_env, int32_t, napi_value *);
extern napi_status napi_create_string_utf8(napi_env, const char *, size_t, napi_value *);
extern napi_status napi_create_array_with_length(napi_env, size_t, napi_value *);
extern napi_status napi_set_element(napi_env, napi_value, uint32_t, napi_value);
extern napi_status napi_get_null(napi_env, napi_value *);
extern napi_status napi_get_undefined(napi_env, napi_value *);
extern napi_status napi_throw_error(napi_env, const char *, const char *);
extern napi_status napi_get_uv_event_loop(napi_env, struct uv_loop_s **);
extern napi_status napi_add_env_cleanup_hook(napi_env, void (*)(void *), void *);
extern int uv_loop_fork(struct uv_loop_s *);
#define NAPI_AUTO_LENGTH ((size_t)-1)

static struct uv_loop_s *loop;
/* SIGCHLD writes a byte here, so the wait in next() wakes for a child to reap. */
static int wake[2] = {-1, -1};
/* The SIGINT handling the fork server found (Node's), given back to each child. */
static struct sigaction fresh_sigint;
/* Requests read from stdin and not yet returned, up to a line's end. */
static char *pending;
static size_t pending_length, pending_size;
static int stdin_ended;
/* The code endWith() last gave, for the cleanup hook. */
static int end_code;

static napi_value undefined_value(napi_env env) {
  napi_value value;
  napi_get_undefined(env, &value);
  return value;
}

/* Throw `what: <strerror(errno)>` and return NULL, as a callback does after it throws. */
static napi_value throw_errno(napi_env env, const char *what) {
  char message[512];
  snprintf(message, sizeof message, "%s: %s", what, strerror(errno));
  napi_throw_error(env, NULL, message);
  return NULL;
}

static void on_sigchld(int signal_number) {
  (void)signal_number;
  int saved = errno;
  ssize_t ignored = write(wake[1], "c", 1);
  (void)ignored;
  errno = saved;
}

/* start(): the wake pipe and SIGCHLD's handler; SIGINT ignored, since a Ctrl-C is the harness's to handle. */
static napi_value js_start(napi_env env, napi_callback_info info) {
  (void)info;
  if (napi_get_uv_event_loop(env, &loop) != 0) {
    napi_throw_error(env, NULL, "napi_get_uv_event_loop failed");
    return NULL;
  }
  if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0) return throw_errno(env, "pipe2");
  struct sigaction chld;
  memset(&chld, 0, sizeof chld);
  chld.sa_handler = on_sigchld;
  chld.sa_flags = SA_RESTART | SA_NOCLDSTOP;
  sigemptyset(&chld.sa_mask);
  if (sigaction(SIGCHLD, &chld, NULL) != 0) return throw_errno(env, "sigaction(SIGCHLD)");
  struct sigaction ignore;
  memset(&ignore, 0, sizeof ignore);
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  if (sigaction(SIGINT, &ignore, &fresh_sigint) != 0) return throw_errno(env, "sigaction(SIGINT)");
  return undefined_value(env);
}

/* The first whole line of the pending requests, taken from them; NULL when none has ended yet. */
static napi_value take_line(napi_env env) {
  char *end = pending_length == 0 ? NULL : memchr(pending, '\n', pending_length);
  if (end == NULL) return NULL;
  size_t length = (size_t)(end - pending);
  napi_value line;
  napi_create_string_utf8(env, pending, length, &line);
  pending_length -= length + 1;
  memmove(pending, end + 1, pending_length);
  return line;
}

/* Read what stdin has; its end is remembered. */
static int read_stdin(void) {
  if (pending_size - pending_length < 65536) {
    size_t size = pending_size == 0 ? 131072 : pending_size * 2;
    char *grown = realloc(pending, size);
    if (grown == NULL) return -1;
    pending = grown;
    pending_size = size;
  }
  ssize_t count = read(0, pending + pending_length, pending_size - pending_length);
  if (count < 0) return errno == EINTR || errno == EAGAIN ? 0 : -1;
  if (count == 0) stdin_ended = 1;
  pending_length += (size_t)count;
  return 0;
}

/*
 * next(): wait for what comes first. A request line (string); a child reaped ([pid, exit code, signal], one of the
 * last two 0 and the other meaningful: an exit code, or the number of the signal that killed it); or null, the end:
 * stdin has ended and every child has been reaped. Lines already read come before children, children before more
 * reading, so the order of requests is kept and no exit waits behind a busy stdin.
 */
static napi_value js_next(napi_env env, napi_callback_info info) {
  (void)info;
  for (;;) {
    napi_value line = take_line(env);
    if (line != NULL) return line;
    int status;
    pid_t reaped = waitpid(-1, &status, WNOHANG);
    if (reaped > 0) {
      napi_value result, pid, code, signal_number;
      napi_create_array_with_length(env, 3, &result);
      napi_create_int32(env, reaped, &pid);
      napi_create_int32(env, WIFEXITED(status) ? WEXITSTATUS(status) : 0, &code);
      napi_create_int32(env, WIFSIGNALED(status) ? WTERMSIG(status) : 0, &signal_number);
      napi_set_element(env, result, 0, pid);
      napi_set_element(env, result, 1, code);
      napi_set_element(env, result, 2, signal_number);
      return result;
    }
    if (reaped < 0 && errno != ECHILD && errno != EINTR) return throw_errno(env, "waitpid");
    if (stdin_ended && reaped < 0 && errno == ECHILD) {
      napi_value end;
      napi_get_null(env, &end);
      return end;
    }
    struct pollfd watched[2] = {{.fd = wake[0], .events = POLLIN}, {.fd = stdin_ended ? -1 : 0, .events = POLLIN}};
    if (poll(watched, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return throw_errno(env, "poll");
    }
    if (watched[0].revents != 0) {
      char drained[64];
      while (read(wake[0], drained, sizeof drained) > 0) {
      }
    }
    if (watched[1].revents != 0 && read_stdin() != 0) return throw_errno(env, "reading the requests");
  }
}

/* A connection to the harness's socket for one of the agent's streams, opened with its hello line; -1 on failure. */
static int connect_stream(const char *socket_path, int32_t agent, const char *stream) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  struct sockaddr_un address;
  memset(&address, 0, sizeof address);
  address.sun_family = AF_UNIX;
  strncpy(address.sun_path, socket_path, sizeof address.sun_path - 1);
  char hello[96];
  int length = snprintf(hello, sizeof hello, "{\"agent\":%d,\"stream\":\"%s\"}\n", agent, stream);
  if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0 || write(fd, hello, (size_t)length) != length) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

/* Every mapping of this process copied by the next fork again, V8's heap among them (MADV_DONTFORK, above). */
static int copy_mappings_on_fork(void) {
  FILE *maps = fopen("/proc/self/maps", "re");
  if (maps == NULL) return -1;
  char line[4096];
  while (fgets(line, sizeof line, maps) != NULL) {
    unsigned long start, end;
    if (sscanf(line, "%lx-%lx", &start, &end) != 2) continue;
    // The kernel's own pages take no advice (EINVAL), and are the kernel's to give a child.
    if (strstr(line, "[vvar]") != NULL || strstr(line, "[vdso]") != NULL || strstr(line, "[vsyscall]") != NULL) continue;
    madvise((void *)start, end - start, MADV_DOFORK);
  }
  fclose(maps);
  return 0;
}

/* In the child: the agent's streams as 0, 1 and 2, a fresh process's signals, and the loop's kernel state its own. */
static void become_child(int streams[3]) {
  signal(SIGCHLD, SIG_DFL);
  sigaction(SIGINT, &fresh_sigint, NULL);
  close(wake[0]);
  close(wake[1]);
  free(pending);
  pending = NULL;
  pending_length = pending_size = 0;
  for (int fd = 0; fd < 3; fd++) {
    // O_NONBLOCK as the fork server's own had it: libuv sets it on a descriptor it opens a stream on, and Node has
    // made process.stderr there already (fork-server.ts), on fd 2, which this child's stderr now is.
    int nonblocking = fcntl(fd, F_GETFL) & O_NONBLOCK;
    dup2(streams[fd], fd);
    close(streams[fd]);
    if (nonblocking) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  if (uv_loop_fork(loop) != 0) {
    static const char message[] = "sockmatrix: the Node fork server's child could not remake its event loop (uv_loop_fork)\n";
    ssize_t ignored = write(2, message, sizeof message - 1);
    (void)ignored;
    _exit(70);
  }
}

/* fork(socketPath, id): the child's pid in the fork server, 0 in the child; throws where nothing was forked. */
static napi_value js_fork(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char socket_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
  size_t path_length;
  int32_t agent;
  if (argc < 2 || napi_get_value_string_utf8(env, argv[0], socket_path, sizeof socket_path, &path_length) != 0 ||
      napi_get_value_int32(env, argv[1], &agent) != 0) {
    napi_throw_error(env, NULL, "fork(socketPath, id) takes a path and an agent's number");
    return NULL;
  }
  static const char *const names[3] = {"stdin", "stdout", "stderr"};
  int streams[3];
  for (int fd = 0; fd < 3; fd++) {
    streams[fd] = connect_stream(socket_path, agent, names[fd]);
    if (streams[fd] < 0) {
      int saved = errno;
      for (int opened = 0; opened < fd; opened++) close(streams[opened]);
      errno = saved;
      char what[160];
      snprintf(what, sizeof what, "could not connect to the harness at %s", socket_path);
      return throw_errno(env, what);
    }
  }
  copy_mappings_on_fork();
  pid_t pid = fork();
  if (pid == 0) become_child(streams);
  int saved = errno;
  for (int fd = 0; pid != 0 && fd < 3; fd++) close(streams[fd]);
  errno = saved;
  if (pid < 0) return throw_errno(env, "fork");
  napi_value result;
  napi_create_int32(env, pid, &result);
  return result;
}

static napi_value js_pid(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value pid;
  napi_create_int32(env, getpid(), &pid);
  return pid;
}

static int32_t code_argument(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t code = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc >= 1) napi_get_value_int32(env, argv[0], &code);
  return code;
}

/* exit(code): leave now. Whatever the agent wrote is in its sockets already: Node writes pipes and sockets synchronously on Linux. */
static napi_value js_exit(napi_env env, napi_callback_info info) {
  _exit(code_argument(env, info) & 0xff);
}

static void exit_at_teardown(void *unused) {
  (void)unused;
  _exit(end_code & 0xff);
}

/* endWith(code): the code to leave with when the environment is torn down; the first call sets the hook that leaves. */
static napi_value js_end_with(napi_env env, napi_callback_info info) {
  static int hooked;
  end_code = code_argument(env, info);
  if (!hooked) {
    hooked = 1;
    napi_add_env_cleanup_hook(env, exit_at_teardown, NULL);
  }
  return undefined_value(env);
}

static void export_function(napi_env env, napi_value exports, const char *name, napi_callback callback) {
  napi_value function;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, callback, NULL, &function);
  napi_set_named_property(env, exports, name, function);
}

napi_value napi_register_module_v1(napi_env env, napi_value exports) {
  export_function(env, exports, "start", js_start);
  export_function(env, exports, "next", js_next);
  export_function(env, exports, "fork", js_fork);
  export_function(env, exports, "pid", js_pid);
  export_function(env, exports, "exit", js_exit);
  export_function(env, exports, "endWith", js_end_with);
  return exports;
}
