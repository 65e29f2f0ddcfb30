package serve

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// tmuxSession drives a private tmux server (its own socket) for one test.
type tmuxSession struct {
	t    *testing.T
	sock string
}

func (x tmuxSession) run(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-S", x.sock}, args...)...).CombinedOutput()
	return string(out), err
}

func (x tmuxSession) capture() string {
	out, _ := x.run("capture-pane", "-p", "-t", "smoke")
	return out
}

// captureStyled keeps the colours and attributes.
func (x tmuxSession) captureStyled() string {
	out, _ := x.run("capture-pane", "-p", "-e", "-t", "smoke")
	return out
}

func (x tmuxSession) keys(keys ...string) {
	x.run(append([]string{"send-keys", "-t", "smoke"}, keys...)...)
}

func (x tmuxSession) display(format string) string {
	out, _ := x.run("display-message", "-p", "-t", "smoke", format)
	return strings.TrimSpace(out)
}

func (x tmuxSession) waitPane(what string, timeout time.Duration, cond func(string) bool) {
	x.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		pane := x.capture()
		if cond(pane) {
			return
		}
		if time.Now().After(deadline) {
			x.t.Fatalf("timed out waiting for %s; the pane shows:\n%s", what, pane)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The real OpenSSH client in a real terminal (tmux): the dashboard shows,
// keys work, q quits, ssh exits 0 and the terminal is back on the main
// screen with mouse reporting off.
func TestSmokeOpenSSHInTmux(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true, Load: data.Default}, nil)
	x := startViewer(t, ts.addr)

	x.waitPane("the dashboard", 15*time.Second, func(p string) bool {
		return strings.Contains(p, "EAEU cooperation indicators") && strings.Contains(p, "Overview")
	})
	if got := x.display("#{alternate_on}"); got != "1" {
		t.Errorf("alternate_on=%s while the dashboard shows, want 1", got)
	}
	// Keys reach the program: tab moves to the next view (the footer's
	// help changes), and back.
	before := x.capture()
	x.run("send-keys", "-t", "smoke", "Tab")
	x.waitPane("the screen to change after tab", 10*time.Second, func(p string) bool { return p != before })
	x.run("send-keys", "-t", "smoke", "q")
	x.waitPane("ssh to exit", 15*time.Second, func(p string) bool { return strings.Contains(p, "SSH_EXIT=") })
	pane := x.capture()
	if !strings.Contains(pane, "SSH_EXIT=0") {
		t.Errorf("ssh did not exit 0; the pane shows:\n%s", pane)
	}
	if got := x.display("#{alternate_on}"); got != "0" {
		t.Errorf("alternate_on=%s after quitting, want 0", got)
	}
	if got := x.display("#{mouse_any_flag}"); got != "0" {
		t.Errorf("mouse_any_flag=%s after quitting, want 0", got)
	}
}

// startViewer runs OpenSSH against addr in a private 100x30 tmux.
func startViewer(t *testing.T, addr string, sshArgs ...string) tmuxSession {
	t.Helper()
	for _, tool := range []string{"tmux", "ssh"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install -y tmux openssh-client): smoke test skipped", tool)
		}
	}
	_, port, _ := strings.Cut(addr, ":")
	dir := t.TempDir()
	x := tmuxSession{t: t, sock: filepath.Join(dir, "tmux.sock")}
	script := filepath.Join(dir, "viewer.sh")
	if len(sshArgs) == 0 {
		sshArgs = []string{"-o", "BatchMode=yes", "-o", "IdentityFile=/dev/null"}
	}
	cmd := fmt.Sprintf("ssh -F /dev/null -p %s -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR %s viewer@127.0.0.1\necho SSH_EXIT=$?\nsleep 60\n", port, strings.Join(sshArgs, " "))
	if err := os.WriteFile(script, []byte(cmd), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := x.run("new-session", "-d", "-s", "smoke", "-x", "100", "-y", "30", "env TERM=xterm-256color sh "+script); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	t.Cleanup(func() { x.run("kill-server") })
	return x
}

// Shutting the server down with OpenSSH viewers connected gives them back
// a clean terminal and a goodbye.
func TestSmokeShutdownRestoresOpenSSH(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true, Load: data.Default}, nil)
	x := startViewer(t, ts.addr)
	x.waitPane("the dashboard", 15*time.Second, func(p string) bool {
		return strings.Contains(p, "EAEU cooperation indicators")
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ts.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	x.waitPane("ssh to exit", 15*time.Second, func(p string) bool { return strings.Contains(p, "SSH_EXIT=") })
	pane := x.capture()
	if !strings.Contains(pane, "The briefing has ended.") || !strings.Contains(pane, "SSH_EXIT=0") {
		t.Errorf("after shutdown the pane shows:\n%s", pane)
	}
	if got := x.display("#{alternate_on}"); got != "0" {
		t.Errorf("alternate_on=%s after shutdown, want 0", got)
	}
	if got := x.display("#{mouse_any_flag}"); got != "0" {
		t.Errorf("mouse_any_flag=%s after shutdown, want 0", got)
	}
}

// Presenter mode with real OpenSSH clients: the presenter logs in with a
// presenter key, a viewer without any key (keyboard-interactive, no
// questions), and the viewer's screen follows the presenter's.
func TestSmokePresenterOpenSSH(t *testing.T) {
	t.Parallel()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := gossh.NewSignerFromKey(priv)
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "presenter_ed25519")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, Config{Open: true, Load: data.Default, PresenterKeys: writeKeys(t, []gossh.Signer{signer}, "alice")}, nil)
	pres := startViewer(t, ts.addr, "-i", keyFile, "-o", "IdentitiesOnly=yes")
	shows := func(p string) bool { return strings.Contains(p, "EAEU cooperation indicators") }
	pres.waitPane("the presenter's dashboard", 15*time.Second, shows)
	viewer := startViewer(t, ts.addr, "-o", "IdentityFile=/dev/null", "-o", "PubkeyAuthentication=no")
	viewer.waitPane("the viewer's dashboard", 15*time.Second, shows)
	waitFor(t, 5*time.Second, "the presenter to see one viewer", func() bool { n, lead := ts.hub.counts(); return n == 2 && lead == "alice" })

	// The first line is the tab bar (the active tab differs by style only):
	// it changes on the viewer's screen to what the presenter's shows.
	tabLine := func(p string) string { line, _, _ := strings.Cut(p, "\n"); return line }
	before := tabLine(viewer.captureStyled())
	pres.keys("3") // the table view
	waitFor(t, 10*time.Second, "the viewer's tab bar to follow the presenter's", func() bool {
		v := tabLine(viewer.captureStyled())
		return v != before && v == tabLine(pres.captureStyled())
	})
	if !strings.Contains(ts.logs.String(), "presenter=true") {
		t.Errorf("the presenter's session is not logged as such:\n%s", ts.logs.String())
	}
	pres.keys("q")
	pres.waitPane("the presenter's ssh to exit", 15*time.Second, func(p string) bool { return strings.Contains(p, "SSH_EXIT=0") })
	viewer.keys("q")
	viewer.waitPane("the viewer's ssh to exit", 15*time.Second, func(p string) bool { return strings.Contains(p, "SSH_EXIT=0") })
}

// An uninvited person with the real OpenSSH client reads, once, whom to
// ask and the fingerprint of their key, then "Permission denied".
func TestSmokeUninvitedOpenSSH(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Skip("ssh is not installed (apt-get install -y openssh-client): smoke test skipped")
	}
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	stranger, _ := gossh.NewSignerFromKey(priv)
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "stranger_ed25519")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, Config{AuthorizedKeys: writeKeys(t, []gossh.Signer{newKey(t)}), Load: data.Default}, nil)
	_, port, _ := strings.Cut(ts.addr, ":")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "ssh", "-F", "/dev/null", "-p", port, "-o", "StrictHostKeyChecking=no",
		"-o", "UserKnownHostsFile=/dev/null", "-i", keyFile, "-o", "IdentitiesOnly=yes", "-tt", "guest@127.0.0.1").CombinedOutput()
	if err == nil {
		t.Fatalf("an uninvited key got in:\n%s", out)
	}
	want := "This briefing admits invited keys only; ask the organiser to add your key: " + gossh.FingerprintSHA256(stranger.PublicKey())
	if n := strings.Count(string(out), want); n != 1 {
		t.Errorf("the message is shown %d times, want once; ssh printed:\n%s", n, out)
	}
	if !strings.Contains(string(out), "Permission denied") {
		t.Errorf("ssh printed:\n%s", out)
	}
}
