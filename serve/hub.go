package serve

import (
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/charmbracelet/log"

	"github.com/eaeu-dash/eaeu-dash/ui"
)

// hub connects a presenter's screen to every other session. Without
// presenter keys it is disabled and every session is independent.
//
// Following is a viewer's default: a viewer follows from the moment they
// connect, whether a presenter is there yet or not, and only their own
// navigation detaches them (f attaches again). A presenter who arrives,
// returns or takes over therefore leads every viewer who did not choose to
// look around. The last presenter screen is kept, so that whoever joins,
// presenter or viewer, starts where the briefing stands.
type hub struct {
	enabled bool
	log     *log.Logger

	mu      sync.Mutex
	members map[*member]struct{}
	// leaders are the connected presenter-key sessions, oldest first; the
	// last one leads.
	leaders []*member
	// last is the latest state of the leading presenter (kept after they
	// leave, so that late arrivals join the briefing where it stands).
	last    ui.State
	hasLast bool
	// admission is what the server's connection queue reports (waiting
	// for a handshake slot, turned away), for the presenter's status line.
	admission ui.Audience
}

// member is one session as the hub sees it.
type member struct {
	name      string
	presenter bool // authenticated with a presenter key
	box       *mailbox
	state     ui.State // its latest own state
	following bool     // shows the presenter's screen (ui.Options.OnFollow)
	// lastInput is when the session's client last sent anything: a
	// leader's feeds the idle clock of those who follow it.
	lastInput func() time.Time
}

func newHub(enabled bool, logger *log.Logger) *hub {
	return &hub{enabled: enabled, log: logger, members: map[*member]struct{}{}}
}

func (h *hub) leaderLocked() *member {
	if len(h.leaders) == 0 {
		return nil
	}
	return h.leaders[len(h.leaders)-1]
}

// start is where a new session opens: the last presenter screen, if a
// presenter has shown one (whether or not they are still connected).
func (h *hub) start() (ui.State, bool) {
	if !h.enabled {
		return ui.State{}, false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.last, h.hasLast
}

// join adds a session whose program starts at state initial.
func (h *hub) join(m *member, initial ui.State) {
	if !h.enabled {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	m.state = initial
	h.members[m] = struct{}{}
	old := h.leaderLocked()
	if m.presenter {
		h.leaders = append(h.leaders, m)
		if old != nil {
			h.log.Info("presenter takes over", "presenter", m.name, "previous", old.name)
		} else {
			h.log.Info("presenter leads", "presenter", m.name)
		}
		h.promoteLocked(m)
		return
	}
	m.following = true
	name := ""
	if lead := h.leaderLocked(); lead != nil {
		name = lead.name
	}
	m.box.put(slotRole, ui.RoleMsg{Role: ui.RoleFollower, Presenter: name})
	if h.hasLast {
		m.box.put(slotFollow, ui.FollowMsg{State: h.last})
	}
	h.tellLeaderLocked()
}

// promoteLocked makes m lead: everyone else follows m's current state.
func (h *hub) promoteLocked(m *member) {
	h.last, h.hasLast = m.state, true
	for o := range h.members {
		if o == m {
			continue
		}
		if o.presenter {
			// An earlier presenter starts following (its program attaches
			// when it becomes a follower).
			o.following = true
		}
		o.box.put(slotRole, ui.RoleMsg{Role: ui.RoleFollower, Presenter: m.name})
		o.box.put(slotFollow, ui.FollowMsg{State: m.state})
	}
	h.tellLeaderLocked()
}

// audienceLocked counts the sessions other than the leader.
func (h *hub) audienceLocked(lead *member) ui.Audience {
	a := h.admission
	for o := range h.members {
		switch {
		case o == lead:
		case o.following:
			a.Following++
		default:
			a.LookingAround++
		}
	}
	return a
}

// tellLeaderLocked sends the leader its role and audience.
func (h *hub) tellLeaderLocked() {
	lead := h.leaderLocked()
	if lead == nil {
		return
	}
	lead.box.put(slotRole, ui.RoleMsg{Role: ui.RolePresenter, Presenter: lead.name, Audience: h.audienceLocked(lead)})
}

// leave removes a session.
func (h *hub) leave(m *member) {
	if !h.enabled {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.members[m]; !ok {
		return
	}
	delete(h.members, m)
	wasLead := h.leaderLocked() == m
	for i, l := range h.leaders {
		if l == m {
			h.leaders = append(h.leaders[:i:i], h.leaders[i+1:]...)
			break
		}
	}
	if !wasLead {
		h.tellLeaderLocked()
		return
	}
	if next := h.leaderLocked(); next != nil {
		h.log.Info("presenter left; an earlier presenter leads again", "left", m.name, "presenter", next.name)
		h.promoteLocked(next)
		return
	}
	h.log.Info("presenter left; viewers wait where they are", "presenter", m.name)
	for o := range h.members {
		o.box.put(slotRole, ui.RoleMsg{Role: ui.RoleFollower, Presenter: ""})
	}
}

// setFollowing records that a session started or stopped following.
func (h *hub) setFollowing(m *member, following bool) {
	if !h.enabled {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.members[m]; !ok || m.following == following {
		return
	}
	m.following = following
	h.tellLeaderLocked()
}

// setAdmission records the connection queue's counts for the presenter.
func (h *hub) setAdmission(waiting, refused int) {
	if !h.enabled {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.admission.Waiting == waiting && h.admission.Refused == refused {
		return
	}
	h.admission.Waiting, h.admission.Refused = waiting, refused
	h.tellLeaderLocked()
}

// followActivity is when the presenter m follows last sent input: while a
// viewer follows a connected presenter, the presenter's activity keeps
// the viewer's session alive. Zero when m does not follow anyone.
func (h *hub) followActivity(m *member) time.Time {
	if !h.enabled {
		return time.Time{}
	}
	h.mu.Lock()
	lead := h.leaderLocked()
	follows := m.following && lead != nil && lead != m
	h.mu.Unlock()
	if !follows || lead.lastInput == nil {
		return time.Time{}
	}
	return lead.lastInput()
}

// presenterBoxes are the presenter-key sessions' mailboxes, for what only
// presenters are told (a failed data reload).
func (h *hub) presenterBoxes() []*mailbox {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]*mailbox, 0, len(h.leaders))
	for _, l := range h.leaders {
		out = append(out, l.box)
	}
	return out
}

// publish records a session's new state; the leader's goes to everyone
// else. Called from the program's Update: it never blocks on another
// program.
func (h *hub) publish(m *member, st ui.State) {
	if !h.enabled {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	m.state = st
	if h.leaderLocked() != m {
		return
	}
	h.last, h.hasLast = st, true
	for o := range h.members {
		if o != m {
			o.box.put(slotFollow, ui.FollowMsg{State: st})
		}
	}
}

// counts is the audience and the leader's name (for logs and tests).
func (h *hub) counts() (members int, leader string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if l := h.leaderLocked(); l != nil {
		leader = l.name
	}
	return len(h.members), leader
}

// displayName is a name fit for every viewer's screen: the SSH user name
// is the client's to choose, so control characters (terminal escapes)
// are dropped and the length is bounded.
func displayName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 32 {
		s = string(r[:32])
	}
	if s == "" {
		return "presenter"
	}
	return s
}
