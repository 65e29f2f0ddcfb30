package serve

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/log"
	gossh "golang.org/x/crypto/ssh"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// The real dashboard appears in a PTY over SSH, and q ends the session
// with the viewer's terminal back on the main screen.
func TestDashboardAppearsAndQuits(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true, Load: data.Default}, nil)
	c := mustDial(t, ts.addr)
	tm := openTerm(t, c, 100, 30)
	// The title and a tab name (tabs are styled per letter, so "Overview"
	// is not contiguous in the stream).
	tm.waitOut(t, 10*time.Second, altScreenOn, "EAEU cooperation indicators", "Charts")
	tm.send(t, "q")
	if code := tm.waitExit(t, 10*time.Second); code != 0 {
		t.Errorf("exit status %d after q, want 0", code)
	}
	out := tm.out.String()
	if strings.LastIndex(out, altScreenOff) < strings.LastIndex(out, altScreenOn) {
		t.Errorf("the terminal was left in the alternate screen")
	}
	waitFor(t, 5*time.Second, "the session to be released", func() bool { return ts.sessionCount() == 0 })
	c.Close()
	waitFor(t, 5*time.Second, "the disconnect to be logged", func() bool { return strings.Contains(ts.logs.String(), "disconnect") })
	logs := ts.logs.String()
	for _, want := range []string{"connect", "session start", "width=100", "height=30", "session end", "duration="} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}

func TestAuthorizedKeys(t *testing.T) {
	t.Parallel()
	good, other := newKey(t), newKey(t)
	ts := startServer(t, Config{AuthorizedKeys: writeKeys(t, []gossh.Signer{good}, "alice@laptop")}, nil)

	c := mustDial(t, ts.addr, gossh.PublicKeys(good))
	tm := openTerm(t, c, 100, 30)
	tm.waitOut(t, 10*time.Second, altScreenOn)

	if _, err := dial(ts.addr, "mallory", gossh.PublicKeys(other)); err == nil {
		t.Error("an unknown key got in")
	}
	if _, err := dial(ts.addr, "mallory"); err == nil {
		t.Error("a client without a key got in")
	}
	if _, err := dial(ts.addr, "mallory", openAuth(), gossh.Password("x")); err == nil {
		t.Error("keyboard-interactive or password got in although only keys are allowed")
	}
	logs := ts.logs.String()
	if !strings.Contains(logs, gossh.FingerprintSHA256(good.PublicKey())) || !strings.Contains(logs, gossh.FingerprintSHA256(other.PublicKey())) {
		t.Errorf("auth results are not logged with key fingerprints:\n%s", logs)
	}
}

func TestAuthorizedKeysFileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "authorized_keys")
	k := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(newKey(t).PublicKey())))
	os.WriteFile(bad, []byte(k+"\n# comment\nssh-ed25519 AAAAnotbase64!!\n"), 0o600)
	_, err := New(Config{AuthorizedKeys: bad, HostKeyPath: filepath.Join(dir, "hk"), Load: emptyData, Logger: quietLogger()})
	if err == nil || !strings.Contains(err.Error(), bad+":3:") {
		t.Errorf("malformed line 3: error %v, want it to name %s:3", err, bad)
	}
	opts := filepath.Join(dir, "opts")
	os.WriteFile(opts, []byte(`from="10.0.0.1" `+k+"\n"), 0o600)
	if _, err := New(Config{AuthorizedKeys: opts, HostKeyPath: filepath.Join(dir, "hk"), Load: emptyData, Logger: quietLogger()}); err == nil || !strings.Contains(err.Error(), opts+":1:") {
		t.Errorf("key options: error %v, want a refusal naming %s:1", err, opts)
	}
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, []byte("# nobody\n"), 0o600)
	if _, err := New(Config{AuthorizedKeys: empty, HostKeyPath: filepath.Join(dir, "hk"), Load: emptyData, Logger: quietLogger()}); err == nil {
		t.Error("a file without keys was accepted")
	}
	if _, err := New(Config{AuthorizedKeys: filepath.Join(dir, "missing"), HostKeyPath: filepath.Join(dir, "hk"), Load: emptyData, Logger: quietLogger()}); err == nil {
		t.Error("a missing file was accepted")
	}
}

func emptyData() (*data.Dataset, error) { return &data.Dataset{}, nil }

func quietLogger() *log.Logger { return log.NewWithOptions(&syncBuffer{}, log.Options{}) }

func TestOpenLetsAnyoneIn(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true}, nil)
	c := mustDial(t, ts.addr) // no credentials at all
	tm := openTerm(t, c, 80, 24)
	tm.waitOut(t, 10*time.Second, altScreenOn)
}

func TestAccessControlRequiredOffLoopback(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, err := New(Config{Listen: "0.0.0.0:23234", HostKeyPath: filepath.Join(dir, "hk"), Load: emptyData, Logger: quietLogger()})
	if err == nil || !strings.Contains(err.Error(), "--authorized-keys") || !strings.Contains(err.Error(), "--open") {
		t.Errorf("no access option on 0.0.0.0: error %v, want a refusal naming --authorized-keys and --open", err)
	}
	// On loopback the server starts, open to this machine, with a warning.
	logs := &syncBuffer{}
	s, err := New(Config{Listen: "127.0.0.1:0", HostKeyPath: filepath.Join(dir, "hk"), Load: emptyData, Logger: log.New(logs)})
	if err != nil {
		t.Fatalf("loopback without access option: %v", err)
	}
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	done := make(chan error, 1)
	go func() { done <- s.Serve(l) }()
	waitFor(t, 5*time.Second, "the warning", func() bool { return strings.Contains(logs.String(), "anyone on this machine") })
	s.Shutdown(context.Background())
	if err := <-done; err != nil {
		t.Errorf("Serve after Shutdown: %v", err)
	}
	if _, err := New(Config{Open: true, AuthorizedKeys: "x", HostKeyPath: filepath.Join(dir, "hk"), Load: emptyData}); err == nil {
		t.Error("--open with --authorized-keys was accepted")
	}
}

func TestHostKeyCreatedOnceAndLogged(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sub", "host_ed25519")
	logs := &syncBuffer{}
	s1, err := New(Config{Open: true, HostKeyPath: path, Load: emptyData, Logger: log.New(logs)})
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("host key mode %v, want 0600", fi.Mode().Perm())
	}
	fp := gossh.FingerprintSHA256(s1.hostKey.PublicKey())
	if !strings.Contains(logs.String(), fp) {
		t.Errorf("fingerprint %s not logged:\n%s", fp, logs)
	}
	s2, err := New(Config{Open: true, HostKeyPath: path, Load: emptyData, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	if got := gossh.FingerprintSHA256(s2.hostKey.PublicKey()); got != fp {
		t.Errorf("second start made a new host key: %s, want %s", got, fp)
	}
	if s1.hostKey.PublicKey().Type() != gossh.KeyAlgoED25519 {
		t.Errorf("host key type %s, want ed25519", s1.hostKey.PublicKey().Type())
	}
}

func TestDefaultHostKeyPath(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/srv/xdg")
	if got := DefaultHostKeyPath(); got != "/srv/xdg/eaeu-dash/host_ed25519" {
		t.Errorf("with XDG_DATA_HOME: %s", got)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/u")
	if got := DefaultHostKeyPath(); got != "/home/u/.local/share/eaeu-dash/host_ed25519" {
		t.Errorf("without XDG_DATA_HOME: %s", got)
	}
}

func TestNoPTYGetsAMessage(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true}, nil)
	c := mustDial(t, ts.addr)
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stderr syncBuffer
	sess.Stderr = &stderr
	err = sess.Shell()
	if err != nil {
		t.Fatal(err)
	}
	err = sess.Wait()
	var ee *gossh.ExitError
	if !errors.As(err, &ee) || ee.ExitStatus() != 1 {
		t.Errorf("exit: %v, want status 1", err)
	}
	if !strings.Contains(stderr.String(), "connect from a terminal") {
		t.Errorf("message %q", stderr.String())
	}
}

func TestOnlyTheDashboard(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true}, nil)
	c := mustDial(t, ts.addr)

	t.Run("exec", func(t *testing.T) {
		sess, _ := c.NewSession()
		defer sess.Close()
		out, err := sess.CombinedOutput("cat /etc/passwd")
		var ee *gossh.ExitError
		if !errors.As(err, &ee) || ee.ExitStatus() != 1 {
			t.Errorf("exec: %v, want exit status 1", err)
		}
		if strings.Contains(string(out), "root:") || !strings.Contains(string(out), "without a command") {
			t.Errorf("exec output %q", out)
		}
	})
	t.Run("subsystem", func(t *testing.T) {
		sess, _ := c.NewSession()
		defer sess.Close()
		if err := sess.RequestSubsystem("sftp"); err == nil {
			t.Error("sftp subsystem accepted")
		}
	})
	t.Run("local forward", func(t *testing.T) {
		l, _ := net.Listen("tcp", "127.0.0.1:0")
		defer l.Close()
		if conn, err := c.Dial("tcp", l.Addr().String()); err == nil {
			conn.Close()
			t.Error("direct-tcpip accepted")
		}
	})
	t.Run("remote forward", func(t *testing.T) {
		if l, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
			l.Close()
			t.Error("tcpip-forward accepted")
		}
	})
	t.Run("agent and x11", func(t *testing.T) {
		sess, _ := c.NewSession()
		defer sess.Close()
		for _, req := range []string{"auth-agent-req@openssh.com", "x11-req"} {
			ok, err := sess.SendRequest(req, true, nil)
			if err != nil || ok {
				t.Errorf("%s: ok=%v err=%v, want refused", req, ok, err)
			}
		}
	})
	t.Run("env cannot name files", func(t *testing.T) {
		// Environment variables are ignored except TERM-like ones used for
		// colours; a shell after them still gets the dashboard.
		sess, _ := c.NewSession()
		defer sess.Close()
		_ = sess.Setenv("EAEU_DATA", "/etc/shadow")
		if err := sess.RequestPty("xterm", 24, 80, nil); err != nil {
			t.Fatal(err)
		}
	})
}

func TestMaxSessions(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true, MaxSessions: 2}, nil)
	c := mustDial(t, ts.addr)
	a := openTerm(t, c, 80, 24)
	b := openTerm(t, c, 80, 24)
	a.waitOut(t, 10*time.Second, altScreenOn)
	b.waitOut(t, 10*time.Second, altScreenOn)
	third := openTerm(t, mustDial(t, ts.addr), 80, 24)
	third.waitOut(t, 10*time.Second, "The briefing is full (2 viewers); try again later.")
	if code := third.waitExit(t, 5*time.Second); code != 1 {
		t.Errorf("refused session exit %d, want 1", code)
	}
	a.send(t, "q")
	a.waitExit(t, 10*time.Second)
	waitFor(t, 5*time.Second, "a free place", func() bool { return ts.sessionCount() < 2 })
	fourth := openTerm(t, mustDial(t, ts.addr), 80, 24)
	fourth.waitOut(t, 10*time.Second, altScreenOn)
}

// Without Config.Load the server shows the embedded dataset, or the files
// given; a bad file stops it from starting with the positioned problems.
func TestDefaultLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, err := New(Config{Open: true, HostKeyPath: filepath.Join(dir, "hk"), Logger: quietLogger()})
	if err != nil {
		t.Fatalf("embedded dataset: %v", err)
	}
	if s.ds == nil || len(s.ds.Indicators) == 0 {
		t.Error("the embedded dataset is empty")
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\n  \"format\": 7\n}\n"), 0o644)
	_, err = New(Config{Open: true, HostKeyPath: filepath.Join(dir, "hk"), Logger: quietLogger(), DataPaths: []string{bad}})
	var errs data.Errors
	if !errors.As(err, &errs) || !strings.Contains(err.Error(), bad+":") {
		t.Errorf("bad data file: %v, want positioned data.Errors", err)
	}
	if _, err := New(Config{Open: true, HostKeyPath: filepath.Join(dir, "hk"), Logger: quietLogger(), Watch: true}); err == nil {
		t.Error("--watch without --data was accepted")
	}
}

// The mouse works over SSH: the session turns on SGR mouse reporting, and
// a click on the "3 Table" tab opens the table.
func TestMouseClickOverSSH(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true, Load: data.Default}, nil)
	tm := openTerm(t, mustDial(t, ts.addr), 120, 40)
	tm.waitOut(t, 10*time.Second, "\x1b[?1006h", "card 1 of")
	// " 1 Overview  2 Charts  3 Table": the "3 Table" tab is at columns
	// 24-30 of row 1 (1-based, as SGR mouse reports count).
	tm.send(t, "\x1b[<0;26;1M\x1b[<0;26;1m")
	tm.waitOut(t, 10*time.Second, "130 observations")
}
