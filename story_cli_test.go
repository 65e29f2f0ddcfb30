package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestStoryFlags(t *testing.T) {
	bad := writeFile(t, "bad-story.json", `{"format": "eaeu-story/1", "stops": [
  {"view": "charts", "indicator": "kz-rail-transt", "caption": "x"}]}`)
	code, _, errs := cli(t, "--story", bad)
	if code != 1 || !strings.Contains(errs, "bad-story.json:2:35: stops[0].indicator: \"kz-rail-transt\" is not an indicator of the dataset (did you mean \"kz-rail-transit\"?)") ||
		!strings.Contains(errs, "1 problem(s) in the storyboard") {
		t.Errorf("bad story: exit %d\n%s", code, errs)
	}
	// The embedded story against other data: its problems, and what to do.
	data := writeFile(t, "d.json", goodDoc)
	code, _, errs = cli(t, "--data", data, "--tour", "15s")
	if code != 1 || !strings.Contains(errs, "with --data, give a --story written for that data") {
		t.Errorf("--tour with other data: exit %d\n%s", code, errs)
	}
	code, _, errs = cli(t, "--tour", "100ms")
	if code != 2 || !strings.Contains(errs, "too short") {
		t.Errorf("--tour 100ms: exit %d\n%s", code, errs)
	}
	// A good story gets as far as the terminal check.
	for _, args := range [][]string{{"--story", "council"}, {"--tour", "2s"}, {"--story", "data/stories/council-2024-12-13.json", "--tour", "1m"}} {
		code, _, errs = cli(t, args...)
		if code != 1 || !strings.Contains(errs, "standard output is not a terminal") {
			t.Errorf("%v: exit %d\n%s", args, code, errs)
		}
	}
}

// TestTourSmoke runs the real binary with --tour 2s in a tmux pane: the
// caption bar moves from stop 1 to stop 2 on its own, a key pauses it.
func TestTourSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("smoke test skipped in -short mode")
	}
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed (apt-get install -y tmux): skipping the terminal smoke test")
	}
	t.Parallel()
	bin := binary(t)
	sock := filepath.Join(t.TempDir(), "tmux.sock")
	run := func(args ...string) string {
		out, err := exec.Command(tmux, append([]string{"-S", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	run("new-session", "-d", "-s", "tour", "-x", "120", "-y", "36", "env", "TERM=xterm-256color", "LANG=en_US.UTF-8", bin, "--tour", "2s")
	t.Cleanup(func() { exec.Command(tmux, "-S", sock, "kill-server").Run() })
	waitFor := func(what string) string {
		t.Helper()
		var s string
		for i := 0; i < 150; i++ { // the tour needs 2 s a stop; wait up to 15 s
			s = run("capture-pane", "-p", "-t", "tour")
			if strings.Contains(s, what) {
				return s
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("screen never showed %q:\n%s", what, s)
		return s
	}
	waitFor(" 1/12 Moscow, December 2024")
	waitFor(" 2/12 Transit through Kazakhstan: from 28 to 45 Mt by 2029")
	waitFor(" 3/12 The North–South corridor")
	run("send-keys", "-t", "tour", "j")
	waitFor("paused")
	run("send-keys", "-t", "tour", "n")
	waitFor(" 4/12 About 5,000 km")
	run("send-keys", "-t", "tour", "q")
}

// The storyboard example in the README loads against the embedded data.
func TestReadmeStoryExample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "## Stories and tours")
	_, rest, ok2 := strings.Cut(rest, "```json\n")
	example, _, ok3 := strings.Cut(rest, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("README.md has no storyboard example")
	}
	p := writeFile(t, "story.json", example)
	if code, _, errs := cli(t, "--story", p); code != 1 || !strings.Contains(errs, "standard output is not a terminal") {
		t.Fatalf("README storyboard: exit %d\n%s", code, errs)
	}
}

// render --stop draws a stop of a story with its caption bar: a slide.
func TestRenderStop(t *testing.T) {
	code, out, errs := cli(t, "render", "--stop", "2", "--size", "100x30")
	if code != 0 || !strings.Contains(out, " 2/12 Transit through Kazakhstan: from 28 to 45 Mt by 2029") || !strings.Contains(out, "Transit (as stated at the council)") {
		t.Fatalf("exit %d %s\n%s", code, errs, out)
	}
	code, out, _ = cli(t, "render", "--story", "council", "--format", "svg", "--size", "100x30")
	if code != 0 || !strings.Contains(out, " 1/12 </tspan>") || !strings.Contains(out, "Moscow, December 2024") || !strings.Contains(out, "<title>eaeu-dash events</title>") {
		t.Errorf("--story council as svg: exit %d\n%.300s", code, out)
	}
	for _, bad := range [][]string{{"--stop", "99"}, {"--stop", "-1"}} {
		if code, _, errs := cli(t, append([]string{"render"}, bad...)...); code != 2 || !strings.Contains(errs, "--stop") {
			t.Errorf("%v: exit %d %s", bad, code, errs)
		}
	}
}
