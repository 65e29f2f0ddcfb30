package serve

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui"
)

// Each session gets ASCII glyphs when its client's LANG says the terminal
// is not UTF-8 (and then English: no Cyrillic either), Unicode otherwise,
// and a client that sends no LANG is not guessed to be ASCII.
func TestSessionGlyphsFromClientEnv(t *testing.T) {
	got := make(chan ui.Options, 4)
	ts := startServer(t, Config{Open: true}, func(s *Server) {
		fake := newFake(nil)
		s.newModel = func(ds *data.Dataset, o ui.Options) tea.Model {
			got <- o
			return fake(ds, o)
		}
	})
	for _, c := range []struct {
		env   []string
		ascii bool
		lang  string
	}{
		{[]string{"LANG=C"}, true, "en"},
		{[]string{"LANG=ru_RU.KOI8-R"}, true, "en"},
		{[]string{"LANG=ru_RU.UTF-8"}, false, "ru"},
		{nil, false, "en"},
	} {
		tm, err := tryOpenTermEnv(mustDial(t, ts.addr), 80, 24, true, c.env...)
		if err != nil {
			t.Fatal(err)
		}
		select {
		case o := <-got:
			if o.ASCII != c.ascii || o.Lang != c.lang {
				t.Errorf("%v: ASCII %v lang %q, want %v %q", c.env, o.ASCII, o.Lang, c.ascii, c.lang)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%v: no session started", c.env)
		}
		tm.sess.Close()
	}
}
