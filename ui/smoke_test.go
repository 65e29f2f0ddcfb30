package ui

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTmuxSmoke runs the real program in a tmux pane, presses keys and
// reads the screen as a person would see it.
func TestTmuxSmoke(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("smoke test skipped in -short mode")
	}
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed (apt-get install -y tmux): skipping the terminal smoke test")
	}
	bin := filepath.Join(t.TempDir(), "smoke")
	if out, err := exec.Command("go", "build", "-o", bin, "./internal/smoke").CombinedOutput(); err != nil {
		t.Fatalf("build smoke binary: %v\n%s", err, out)
	}
	sock := filepath.Join(t.TempDir(), "tmux.sock")
	run := func(args ...string) string {
		out, err := exec.Command(tmux, append([]string{"-S", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	run("new-session", "-d", "-s", "smoke", "-x", "100", "-y", "30", "env", "TERM=xterm-256color", bin)
	t.Cleanup(func() { exec.Command(tmux, "-S", sock, "kill-server").Run() })

	screen := func() string { return run("capture-pane", "-p", "-t", "smoke") }
	// waitFor polls the pane until it shows every string (the program
	// draws asynchronously); it fails with the last screen otherwise.
	waitFor := func(what ...string) string {
		t.Helper()
		var s string
		for i := 0; i < 500; i++ {
			s = screen()
			ok := true
			for _, w := range what {
				if !strings.Contains(s, w) {
					ok = false
				}
			}
			if ok {
				return s
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("screen never showed %q:\n%s", what, s)
		return s
	}
	keys := func(k ...string) { run(append([]string{"send-keys", "-t", "smoke"}, k...)...) }

	s := waitFor("1 Overview", "2 Charts", "3 Table", "Transit")
	if !strings.Contains(s, "target") && !strings.Contains(s, "no target set") {
		t.Errorf("no KPI card on the overview:\n%s", s)
	}
	keys("3")
	waitFor("Indicator", "Period", "Value", "observations")
	keys("?")
	waitFor("Help", "Table keys", "Everywhere")
	keys("Escape")
	waitFor("observations")
	keys("2")
	waitFor("/ filter indicators", "zoom in")
	keys("4")
	waitFor("Derived figures", "esc: back to Charts")
	keys("q")
	for i := 0; i < 250; i++ {
		out, err := exec.Command(tmux, "-S", sock, "list-panes", "-t", "smoke", "-F", "#{pane_dead}").Output()
		if err != nil || strings.TrimSpace(string(out)) == "1" { // session gone, or pane dead
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("q did not end the program")
}
