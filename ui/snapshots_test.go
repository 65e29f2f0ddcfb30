package ui

import (
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func TestCtrlSSavesTheScreenOnlyWhenAllowed(t *testing.T) {
	ds := loadMini(t)
	ctrlS := tea.KeyMsg{Type: tea.KeyCtrlS}

	// Default options (what an SSH viewer gets): nothing is called, the
	// status line says so, the state does not move.
	m := newSized(t, ds, 100, 30)
	before := m.m.state
	m = send(m, ctrlS)
	if m.m.state != before || !strings.Contains(m.View(), "not saved in this session") {
		t.Fatalf("ctrl+s without a snapshot hook:\n%s", m.View())
	}

	// With the hook: it gets the frame that was on screen.
	var got []string
	opts := testOptions()
	opts.Snapshot = func(frame string) (string, error) {
		got = append(got, frame)
		return "/tmp/x/eaeu-dash-20250701-120000.svg", nil
	}
	m = send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = press(m, "2")
	screen := m.View()
	m = send(m, ctrlS)
	if len(got) != 1 || got[0] != screen {
		t.Fatalf("the hook got %d frames; the first is the screen: %v", len(got), len(got) == 1 && got[0] == screen)
	}
	if !strings.Contains(m.View(), "screen saved: /tmp/x/eaeu-dash-20250701-120000.svg") {
		t.Errorf("no notice of where it went:\n%s", m.View())
	}
	if !strings.Contains(press(m, "?").View(), "save the screen (SVG)") {
		t.Errorf("the help does not list ctrl+s where it saves")
	}
	// A failure is told, not fatal.
	opts.Snapshot = func(string) (string, error) { return "", errors.New("disk full") }
	m = send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 100, Height: 30}, ctrlS)
	if !strings.Contains(m.View(), "screen not saved: disk full") {
		t.Errorf("no failure notice:\n%s", m.View())
	}
	// While typing into a filter, ctrl+s still saves and types nothing.
	got = nil
	opts.Snapshot = func(frame string) (string, error) { got = append(got, frame); return "x.svg", nil }
	m = send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = press(m, "3", "/")
	m = send(m, ctrlS)
	if len(got) != 1 || m.m.state.TableFilter != "" {
		t.Errorf("while typing: %d saves, filter %q", len(got), m.m.state.TableFilter)
	}
}
