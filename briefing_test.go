package main

import (
	"bufio"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// These tests run the real binary, as an operator would, and connect to
// it as the audience does.

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// binary builds eaeu-dash once for the tests of this package.
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "eaeu-dash-bin")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "eaeu-dash")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

var servingAddr = regexp.MustCompile(`serving listen=(\S+)`)

// viewer is an SSH client with a terminal whose output is recorded.
type viewer struct {
	mu  sync.Mutex
	out strings.Builder
	end chan error
}

func (v *viewer) String() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.out.String()
}

func connectViewer(t *testing.T, addr string) *viewer {
	t.Helper()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "viewer", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, _ := s.StdinPipe()
	stdout, _ := s.StdoutPipe()
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	v := &viewer{end: make(chan error, 1)}
	go func() {
		buf := make([]byte, 32*1024)
		answered := false
		for {
			n, err := stdout.Read(buf)
			v.mu.Lock()
			v.out.Write(buf[:n])
			asked := strings.Contains(v.out.String(), "\x1b]11;?")
			v.mu.Unlock()
			if asked && !answered {
				answered = true
				io.WriteString(stdin, "\x1b]11;rgb:0000/0000/0000\x1b\\\x1b[?62;22c")
			}
			if err != nil {
				break
			}
		}
		v.end <- s.Wait()
	}()
	return v
}

func (v *viewer) waitFor(t *testing.T, what string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !strings.Contains(v.String(), what) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %q; the viewer's last output: %q", what, lastBytes(v.String(), 400))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func lastBytes(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// Ctrl-C (or SIGTERM, SIGHUP) ends the briefing cleanly however the log is
// wired: a log piped to a process that already exited (`serve 2>&1 | tee
// log`, where the same Ctrl-C ends tee first) or a file. Every viewer is
// told "The briefing has ended." and gets the main screen back, and the
// server exits 0. Before, the next log line killed the server with
// SIGPIPE and left the viewers in the alternate screen.
func TestServeShutdownHoweverTheLogIsWired(t *testing.T) {
	t.Parallel()
	bin := binary(t)
	for _, tc := range []struct {
		name   string
		sig    syscall.Signal
		closed bool // stderr and stdout: a pipe whose reader is gone; else a file
	}{
		{"SIGINT/closed pipe", syscall.SIGINT, true},
		{"SIGTERM/file", syscall.SIGTERM, false},
		{"SIGHUP/closed pipe", syscall.SIGHUP, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			cmd := exec.Command(bin, "serve", "--open", "--listen", "127.0.0.1:0", "--host-key", filepath.Join(dir, "hk"))
			cmd.Env = append(os.Environ(), "LANG=C.UTF-8")
			var addr string
			logFile := filepath.Join(dir, "log")
			if tc.closed {
				r, w, err := os.Pipe()
				if err != nil {
					t.Fatal(err)
				}
				cmd.Stdout, cmd.Stderr = w, w
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				w.Close()
				sc := bufio.NewScanner(r)
				for sc.Scan() {
					if m := servingAddr.FindStringSubmatch(sc.Text()); m != nil {
						addr = m[1]
						break
					}
				}
				r.Close() // the log's reader is gone
			} else {
				f, err := os.Create(logFile)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				cmd.Stdout, cmd.Stderr = f, f
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				deadline := time.Now().Add(20 * time.Second)
				for addr == "" && time.Now().Before(deadline) {
					b, _ := os.ReadFile(logFile)
					if m := servingAddr.FindSubmatch(b); m != nil {
						addr = string(m[1])
					}
					time.Sleep(20 * time.Millisecond)
				}
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			t.Cleanup(func() { cmd.Process.Kill() })
			if addr == "" {
				t.Fatal("the server never logged its address")
			}
			v := connectViewer(t, addr)
			v.waitFor(t, "EAEU cooperation indicators", 15*time.Second)
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			v.waitFor(t, "The briefing has ended.", 10*time.Second)
			select {
			case <-v.end:
			case <-time.After(10 * time.Second):
				t.Fatal("the viewer's session did not end")
			}
			out := v.String()
			if i, j := strings.LastIndex(out, "\x1b[?1049l"), strings.LastIndex(out, "The briefing has ended."); i < 0 || i > j {
				t.Errorf("the viewer's terminal was not given back before the goodbye: %q", lastBytes(out, 300))
			}
			select {
			case err := <-exited:
				if err != nil {
					t.Errorf("the server exited with %v, want 0", err)
				}
			case <-time.After(15 * time.Second):
				t.Fatal("the server did not exit")
			}
			if !tc.closed {
				b, _ := os.ReadFile(logFile)
				if !strings.Contains(string(b), "server stopped") || !strings.Contains(string(b), "gc_percent=50") {
					t.Errorf("the log file:\n%s", b)
				}
			}
		})
	}
}

// The whole story with the real OpenSSH client, each person in their own
// terminal (tmux) of their own size: a viewer who arrives first, the
// presenter, a late viewer, the presenter dropping and returning, and
// Ctrl-C on `serve ... 2>&1 | tee log`. At the end every viewer's
// terminal is back on the main screen and says the briefing has ended.
func TestSmokeBriefingInTmux(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"tmux", "ssh"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install -y tmux openssh-client): smoke test skipped", tool)
		}
	}
	bin := binary(t)
	dir := t.TempDir()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := gossh.NewSignerFromKey(priv)
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "presenter_ed25519")
	os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600)
	presenters := filepath.Join(dir, "presenters.pub")
	os.WriteFile(presenters, []byte(strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey())))+" alice\n"), 0o600)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()

	tm := &tmux{t: t, sock: filepath.Join(dir, "tmux.sock")}
	t.Cleanup(func() { tm.run("kill-server") })
	logFile := filepath.Join(dir, "briefing.log")
	tm.start("server", 100, 10, fmt.Sprintf("%s serve --open --listen 127.0.0.1:%d --presenter-keys %s --host-key %s 2>&1 | tee %s",
		bin, port, presenters, filepath.Join(dir, "hk"), logFile))
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, _ := os.ReadFile(logFile)
		if strings.Contains(string(b), "serving") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not start; its pane:\n%s", tm.capture("server"))
		}
		time.Sleep(50 * time.Millisecond)
	}
	ssh := func(extra string) string {
		return fmt.Sprintf("ssh -F /dev/null -p %d -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR %s viewer@127.0.0.1; echo SSH_EXIT=$?; sleep 60",
			port, extra)
	}
	asViewer := ssh("-o PubkeyAuthentication=no -o IdentityFile=/dev/null")
	asPresenter := ssh("-i " + keyFile + " -o IdentitiesOnly=yes")

	tm.start("early", 80, 24, asViewer)
	tm.wait("early", "the early viewer waiting", "waiting for the presenter")
	tm.start("presenter", 120, 40, asPresenter)
	tm.wait("presenter", "the presenter's audience", "presenting to 1 viewer")
	tm.wait("early", "the early viewer following", "following alice")
	tm.keys("presenter", "3") // the table
	tm.wait("early", "the early viewer on the table", "s sort column")

	tm.start("late", 100, 30, asViewer)
	tm.wait("late", "the late viewer on the table", "following alice", "s sort column")
	tm.wait("presenter", "two viewers", "presenting to 2 viewers")

	tm.keys("presenter", "q") // the presenter drops ...
	tm.wait("presenter", "the presenter's ssh to exit", "SSH_EXIT=0")
	tm.wait("early", "the early viewer waiting again", "waiting for the presenter")
	tm.wait("late", "the late viewer waiting", "waiting for the presenter")
	tm.run("respawn-pane", "-k", "-t", "presenter", "env TERM=xterm-256color sh -c '"+asPresenter+"'")
	tm.wait("presenter", "the presenter back on the table", "presenting to 2 viewers", "s sort column")
	tm.keys("presenter", "2") // ... and returns, and goes on
	tm.wait("early", "the early viewer on the charts", "following alice", "zoom in")
	tm.wait("late", "the late viewer on the charts", "following alice", "zoom in")

	tm.keys("server", "C-c")
	for _, pane := range []string{"early", "late", "presenter"} {
		tm.wait(pane, pane+" told the briefing ended", "The briefing has ended.", "SSH_EXIT=")
		if got := tm.display(pane, "#{alternate_on}"); got != "0" {
			t.Errorf("%s: alternate_on=%s after the briefing, want 0", pane, got)
		}
		if got := tm.display(pane, "#{mouse_any_flag}"); got != "0" {
			t.Errorf("%s: mouse reporting still on after the briefing", pane)
		}
		if pane := tm.capture(pane); strings.Contains(pane, "Connection closed") || strings.Contains(pane, "Broken pipe") {
			t.Errorf("%s ends with a broken connection:\n%s", pane, pane)
		}
	}
	b, _ := os.ReadFile(logFile)
	// tee got the same Ctrl-C and ended first: its log stops there.
	if !strings.Contains(string(b), "presenter leads") {
		t.Errorf("the log kept by tee:\n%s", b)
	}
}

// tmux drives a private tmux server: one session (one terminal) a person.
type tmux struct {
	t    *testing.T
	sock string
}

func (x *tmux) run(args ...string) string {
	out, _ := exec.Command("tmux", append([]string{"-S", x.sock}, args...)...).CombinedOutput()
	return string(out)
}

func (x *tmux) start(name string, w, h int, cmd string) {
	x.t.Helper()
	if out, err := exec.Command("tmux", "-S", x.sock, "new-session", "-d", "-s", name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h),
		"env TERM=xterm-256color sh -c '"+cmd+"'").CombinedOutput(); err != nil {
		x.t.Fatalf("tmux: %v: %s", err, out)
	}
}

func (x *tmux) capture(name string) string { return x.run("capture-pane", "-p", "-t", name) }
func (x *tmux) keys(name string, keys ...string) {
	x.run(append([]string{"send-keys", "-t", name}, keys...)...)
}
func (x *tmux) display(name, format string) string {
	return strings.TrimSpace(x.run("display-message", "-p", "-t", name, format))
}

func (x *tmux) wait(name, what string, subs ...string) {
	x.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		pane := x.capture(name)
		ok := true
		for _, s := range subs {
			ok = ok && strings.Contains(pane, s)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			x.t.Fatalf("timed out waiting for %s; %s's pane shows:\n%s", what, name, pane)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// rootParallel is how many of this package's parallel tests run at once
// unless -parallel says otherwise. They run the binary in tmux, OpenSSH,
// HAProxy and nats-server and mostly wait on them; at go test's default
// (GOMAXPROCS, 2 here) the package took 13.6 s, all of it waiting
// (BENCHMARKS.md, "Test suite").
const rootParallel = 8

func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = flag.Set("test.parallel", strconv.Itoa(rootParallel))
	}
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}
