package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// fuzzKeys are the keys a fuzz byte picks from.
var fuzzKeys = []string{
	"1", "2", "3", "4", "5", "6", "7", "H", "J", "n", "p", "tab", "shift+tab", "up", "down", "left", "right",
	"h", "j", "k", "l", "enter", "esc", "/", "?", "+", "-", "0", "r", "g", "b", "s", "S",
	"pgup", "pgdown", "home", "end", "G", "f", "backspace", "a", "z", "space",
}

// FuzzKeys feeds random key, mouse, resize and session messages to the
// model: it must never panic and every frame must be exactly W x H.
// Run: go test ./ui -run '^$' -fuzz FuzzKeys -fuzztime 3m
func FuzzKeys(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9}, uint8(80), uint8(24))
	f.Add([]byte{2, 20, 20, 21, 22, 30, 31, 200, 201, 202}, uint8(120), uint8(40))
	f.Add([]byte{3, 18, 'k', 'a', 16, 26, 27, 16}, uint8(40), uint8(12))
	f.Add([]byte{250, 251, 252, 253, 254, 255, 240, 241}, uint8(200), uint8(60))
	ds := loadMini(f)
	f.Fuzz(func(t *testing.T, seq []byte, w, h uint8) {
		if len(seq) > 200 {
			seq = seq[:200]
		}
		opts := testOptions()
		m := New(ds, opts)
		W, H := int(w)%240+1, int(h)%90+1
		m = send(m, tea.WindowSizeMsg{Width: W, Height: H})
		for i, b := range seq {
			var msg tea.Msg
			switch {
			case b >= 185 && b < 200:
				// Several typed keys in one message (a read of a held key
				// or fast typing), sometimes a paste: runes from the next
				// bytes' keys.
				var rs []rune
				for _, c := range seq[i+1 : min(i+6, len(seq))] {
					if k := []rune(fuzzKeys[int(c)%len(fuzzKeys)]); len(k) == 1 {
						rs = append(rs, k[0])
					}
				}
				if len(rs) == 0 {
					rs = []rune("jq")
				}
				msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: rs, Paste: b%3 == 0}
			case b < 200:
				msg = keyOf(fuzzKeys[int(b)%len(fuzzKeys)])
			case b < 230:
				x, y := int(b)*7%W, i*3%H
				buttons := []tea.MouseButton{tea.MouseButtonLeft, tea.MouseButtonWheelUp, tea.MouseButtonWheelDown, tea.MouseButtonLeft}
				actions := []tea.MouseAction{tea.MouseActionPress, tea.MouseActionPress, tea.MouseActionPress, tea.MouseActionMotion}
				k := int(b) % 4
				msg = tea.MouseMsg{X: x, Y: y, Button: buttons[k], Action: actions[k]}
			case b < 240:
				W, H = int(b)*13%400+1, i*7%120+1
				msg = tea.WindowSizeMsg{Width: W, Height: H}
			case b < 245:
				msg = RoleMsg{Role: Role(int(b) % 3), Presenter: []string{"", "alice"}[int(b)%2], Audience: Audience{Following: int(b), LookingAround: int(b) % 3}}
			case b < 250:
				msg = FollowMsg{State: State{View: View(int(b) % 7), Indicator: []string{"new-track", "gone", ""}[int(b)%3], Row: int(b) - 260, Card: 99, Mode: ChartMode(b)}}
			case b < 253:
				msg = BannerMsg{Text: []string{"", "reload failed", "two\nlines"}[int(b)%3]}
			default:
				msg = DatasetMsg{Dataset: ds}
			}
			m = send(m, msg)
			checkFrame(t, m.View(), W, H)
		}
	})
}
