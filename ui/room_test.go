package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// Several servers share a briefing: the presenter is told when some of
// them show other data; a follower whose presenter's server is out of
// reach keeps the last screen and says so, and follows again when it is
// back.
func TestRoomStatus(t *testing.T) {
	opts := testOptions()
	m := Model{newModel(loadMini(t), opts)}
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 30},
		RoleMsg{Role: RolePresenter, Audience: Audience{Following: 5, Servers: 3, OtherData: 1}})
	if v := m.View(); !strings.Contains(v, "presenting to 5 viewers · 1 of 3 servers has other data") {
		t.Fatalf("presenter status:\n%s", v)
	}
	m = send(m, RoleMsg{Role: RolePresenter, Audience: Audience{Following: 5, Servers: 3}})
	if v := m.View(); strings.Contains(v, "other data") {
		t.Fatalf("the warning stayed after the data agreed:\n%s", v)
	}

	f := Model{newModel(loadMini(t), testOptions())}
	shown := State{View: ViewTable, Row: 2}
	f = send(f, tea.WindowSizeMsg{Width: 120, Height: 30}, RoleMsg{Role: RoleFollower, Presenter: "alice"}, FollowMsg{State: shown})
	f = send(f, RoleMsg{Role: RoleFollower, Presenter: "alice", Unreachable: true})
	if v := f.View(); !strings.Contains(v, "alice: presenter unreachable, showing the last screen") {
		t.Fatalf("follower status while unreachable:\n%s", v)
	}
	if st := f.State(); st.View != ViewTable || st.Row != 2 {
		t.Fatalf("the last screen was not kept: %+v", f.State())
	}
	f = send(f, RoleMsg{Role: RoleFollower, Presenter: "alice"})
	if v := f.View(); !strings.Contains(v, "▶ following alice") || strings.Contains(v, "unreachable") {
		t.Fatalf("follower status after the presenter is back:\n%s", v)
	}
}
