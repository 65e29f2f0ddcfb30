package ui

import "testing"

func TestBackgroundReply(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in       string
		dark, ok bool
	}{
		{"\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c", false, true}, // tmux on a white pane
		{"\x1b]11;rgb:0000/0000/0000\x07\x1b[?1;2c", true, true},
		{"\x1b]11;rgb:fd/f6/e3\x07", false, true}, // solarized light, 2 digits
		{"\x1b[?1;2c", true, false},               // no OSC 11: DA1 only
		{"", true, false},
	} {
		dark, ok := backgroundReply([]byte(c.in))
		if dark != c.dark || ok != c.ok {
			t.Errorf("%q: dark %v ok %v, want %v %v", c.in, dark, ok, c.dark, c.ok)
		}
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if !AskBackground(env(map[string]string{"TERM": "tmux-256color"})) || !AskBackground(env(map[string]string{"TERM": "screen"})) {
		t.Error("inside tmux the background is not asked for")
	}
	if AskBackground(env(map[string]string{"TERM": "tmux-256color", "COLORFGBG": "0;15"})) || AskBackground(env(map[string]string{"TERM": "xterm"})) {
		t.Error("asked although COLORFGBG or termenv answers")
	}
}
