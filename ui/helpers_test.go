package ui

import (
	"io"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/eaeu-dash/eaeu-dash/data"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

// fixedNow is the clock of every test.
func fixedNow() time.Time { return time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC) }

func asciiRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return r
}

func testOptions() Options {
	return Options{Renderer: asciiRenderer(), Now: fixedNow, Lang: "en"}
}

func loadMini(t testing.TB) *data.Dataset {
	t.Helper()
	ds, err := data.Load([]string{"testdata/mini.json"}, data.Options{})
	if err != nil {
		t.Fatalf("load mini dataset: %v", err)
	}
	return ds
}

// newSized is a model on ds that got a size.
func newSized(t testing.TB, ds *data.Dataset, w, h int) Model {
	t.Helper()
	m := Model{newModel(ds, testOptions())}
	return send(m, tea.WindowSizeMsg{Width: w, Height: h})
}

func send(m Model, texts ...tea.Msg) Model {
	for _, msg := range texts {
		nm, _ := m.Update(msg)
		m = nm.(Model)
	}
	return m
}

// keyOf turns "enter", "esc", "shift+tab", "a" ... into a key message.
func keyOf(s string) tea.KeyMsg {
	named := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
		"backspace": tea.KeyBackspace, "ctrl+c": tea.KeyCtrlC, "space": tea.KeySpace,
	}
	if t, ok := named[s]; ok {
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// press sends each key; a key is a name (see keyOf) or one rune.
func press(m Model, keys ...string) Model {
	for _, k := range keys {
		m = send(m, keyOf(k))
	}
	return m
}

// typeText sends each rune of s as its own key.
func typeText(m Model, s string) Model {
	for _, r := range s {
		m = send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return m
}

// checkFrame fails unless v is exactly w x h cells.
func checkFrame(t testing.TB, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Fatalf("%dx%d: frame has %d lines, want %d", w, h, len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("%dx%d: line %d is %d cells wide, want %d: %q", w, h, i, got, w, l)
		}
	}
}
