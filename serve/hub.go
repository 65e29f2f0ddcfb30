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
//
// With a room (--hub, room.go) several servers share the briefing: the
// latest presenter on any of them leads. Every presenter gets a lead
// epoch when it connects, later than any the room has seen; the room's
// leader is the presenter with the latest epoch among this server's
// presenters and the other servers' (roomLead). Without a room, roomLead
// stays nil and the latest presenter here leads.
type hub struct {
	enabled bool
	log     *log.Logger
	// link carries this server's lead, state and counts to the other
	// servers of the room; nil: this server alone.
	link roomLink

	mu      sync.Mutex
	members map[*member]struct{}
	// leaders are the connected presenter-key sessions, oldest first; the
	// last one is this server's candidate.
	leaders []*member
	// leading is the session that leads the room from here; nil when
	// nobody leads or the leader is on another server (remote).
	leading *member
	// remote is the leader on another server, while it leads.
	remote *remoteLead
	// roomLead is the latest lead among the other servers (whether it
	// beats this server's presenters or not); remoteInput is when that
	// presenter last typed, by this server's clock.
	roomLead    *remoteLead
	remoteInput time.Time
	// ledInput is when the last leader to leave (or go out of reach)
	// typed: their keys counted as their followers' input, and still do
	// once they are gone, so that an idle clock runs from there.
	ledInput time.Time
	// lost is the remote leader whose server went out of reach (followers
	// keep the last screen and say so), until a presenter leads again or
	// that server is heard from without that presenter; nil otherwise.
	lost *remoteLead
	// epoch is the latest lead epoch this hub has seen (without a room:
	// given out).
	epoch int64
	// last is the latest state of the leading presenter (kept after they
	// leave, so that late arrivals join the briefing where it stands).
	last    ui.State
	hasLast bool
	// lastGen counts the changes of last; a member's movedGen is its
	// value when the member last moved on its own.
	lastGen uint64
	// admission is what the server's connection queue reports (waiting
	// for a handshake slot, turned away), for the presenter's status line.
	admission ui.Audience
	// others are the other servers' counts and how many servers share the
	// room and have other data (room.go).
	others ui.Audience
}

// member is one session as the hub sees it.
type member struct {
	name      string
	presenter bool // authenticated with a presenter key
	box       *mailbox
	state     ui.State // its latest own state
	following bool     // shows the presenter's screen (ui.Options.OnFollow)
	epoch     int64    // a presenter's lead epoch
	movedGen  uint64   // hub.lastGen when state was last its own move
	// lastInput is when the session's client last sent anything: a
	// leader's feeds the idle clock of those who follow it.
	lastInput func() time.Time
}

// remoteLead is a presenter on another server of the room.
type remoteLead struct {
	instance string
	epoch    int64
	name     string
}

// roomLink is what the hub tells the room (room.go). Its methods never
// block: the hub calls them with its lock held.
type roomLink interface {
	// leadChanged: this server's candidate or its state changed.
	leadChanged()
	// self is this server's instance id (ties between equal epochs).
	self() string
}

func newHub(enabled bool, logger *log.Logger) *hub {
	return &hub{enabled: enabled, log: logger, members: map[*member]struct{}{}}
}

func (h *hub) leaderLocked() *member { return h.leading }

// candidateLocked is this server's latest presenter.
func (h *hub) candidateLocked() *member {
	if len(h.leaders) == 0 {
		return nil
	}
	return h.leaders[len(h.leaders)-1]
}

// nextEpochLocked is a lead epoch later than any seen: the clock's, or
// one more than the latest seen when a clock elsewhere is ahead.
func (h *hub) nextEpochLocked() int64 {
	h.epoch = max(time.Now().UnixNano(), h.epoch+1)
	return h.epoch
}

// beats reports whether the remote lead r comes after the local lead
// epoch e.
func (h *hub) beats(r *remoteLead, e int64) bool {
	if r.epoch != e {
		return r.epoch > e
	}
	self := ""
	if h.link != nil {
		self = h.link.self()
	}
	return r.instance > self
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

// leaderName is the name of whoever leads, here or elsewhere.
func (h *hub) leaderNameLocked() string {
	switch {
	case h.leading != nil:
		return h.leading.name
	case h.remote != nil:
		return h.remote.name
	}
	return ""
}

// join adds a session whose program starts at state initial.
func (h *hub) join(m *member, initial ui.State) {
	if !h.enabled {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	m.state, m.movedGen = initial, h.lastGen
	h.members[m] = struct{}{}
	if m.presenter {
		m.epoch = h.nextEpochLocked()
		h.leaders = append(h.leaders, m)
		if old := h.leaderNameLocked(); old != "" {
			h.log.Info("presenter takes over", "presenter", m.name, "previous", old)
		} else {
			h.log.Info("presenter leads", "presenter", m.name)
		}
		h.remote, h.lost = nil, nil
		h.promoteLocked(m)
		return
	}
	m.following = true
	m.box.put(slotRole, h.followerRoleLocked())
	if h.hasLast {
		m.box.put(slotFollow, ui.FollowMsg{State: h.last})
	}
	h.tellLeaderLocked()
}

// followerRoleLocked is what a follower is told about the leader.
func (h *hub) followerRoleLocked() ui.RoleMsg {
	if name := h.leaderNameLocked(); name != "" {
		return ui.RoleMsg{Role: ui.RoleFollower, Presenter: name}
	}
	if h.lost != nil {
		return ui.RoleMsg{Role: ui.RoleFollower, Presenter: h.lost.name, Unreachable: true}
	}
	return ui.RoleMsg{Role: ui.RoleFollower}
}

// promoteLocked makes m lead: everyone else follows m's current state.
func (h *hub) promoteLocked(m *member) {
	// A presenter who follows shows the screen it follows, and programs
	// do not publish a followed screen: unless it moved on its own since
	// that screen came, it leads from there, not from the last screen it
	// moved to itself.
	if m.following && h.hasLast && h.lastGen > m.movedGen {
		m.state = h.last
	}
	h.leading = m
	h.last, h.hasLast = m.state, true
	h.lastGen++
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
	h.linkChangedLocked()
}

// followRemoteLocked makes every session here follow r, a presenter on
// another server.
func (h *hub) followRemoteLocked(r *remoteLead) {
	h.leading, h.remote, h.lost = nil, r, nil
	for o := range h.members {
		if o.presenter {
			o.following = true
		}
		o.box.put(slotRole, ui.RoleMsg{Role: ui.RoleFollower, Presenter: r.name})
		if h.hasLast {
			o.box.put(slotFollow, ui.FollowMsg{State: h.last})
		}
	}
	h.linkChangedLocked()
}

// settleLocked makes the room's rightful leader lead here: the latest of
// this server's presenters and the other servers' lead. heard are the
// servers this one hears, each with its candidate's epoch (0: none);
// silent says that servers went out of reach rather than said goodbye.
// A remote leader whose server is no longer heard after a silence is
// unreachable (followers keep the last screen and say so) until a
// presenter leads or that server is heard again without that presenter.
func (h *hub) settleLocked(silent bool, heard map[string]int64) {
	cand := h.candidateLocked()
	if r := h.roomLead; r != nil && (cand == nil || h.beats(r, cand.epoch)) {
		if h.remote == nil || *h.remote != *r {
			if cand != nil {
				h.log.Info("a presenter on another server leads", "presenter", r.name, "server", r.instance, "previous", h.leaderNameLocked())
			} else {
				h.log.Info("a presenter on another server leads", "presenter", r.name, "server", r.instance)
			}
			h.followRemoteLocked(r)
		}
		return
	}
	prev := h.remote
	if cand != nil {
		if h.leading != cand {
			if prev != nil {
				h.log.Info("the presenter on another server is gone; a presenter here leads again", "previous", prev.name, "presenter", cand.name)
			}
			h.remote, h.lost = nil, nil
			h.promoteLocked(cand)
		}
		return
	}
	switch {
	case prev == nil && h.leading == nil:
		// Nobody led here; only a lost presenter's fate may have changed:
		// their server is heard again, without them.
		if h.lost == nil {
			return
		}
		if e, ok := heard[h.lost.instance]; !ok || e == h.lost.epoch {
			return
		}
		h.log.Info("the presenter's server is back without them; viewers wait where they are", "presenter", h.lost.name, "server", h.lost.instance)
		h.lost = nil
	case prev == nil:
		h.leading = nil
	default:
		h.leading, h.remote, h.lost = nil, nil, nil
		h.ledInput = h.remoteInput
		if _, heardNow := heard[prev.instance]; silent && !heardNow {
			h.lost = prev
			h.log.Warn("the presenter's server is out of reach; viewers keep the last screen", "presenter", prev.name, "server", prev.instance)
		} else {
			h.log.Info("the presenter on another server left; viewers wait where they are", "presenter", prev.name)
		}
	}
	role := h.followerRoleLocked()
	for o := range h.members {
		o.box.put(slotRole, role)
	}
	h.linkChangedLocked()
}

func (h *hub) linkChangedLocked() {
	if h.link != nil {
		h.link.leadChanged()
	}
}

// audienceLocked counts the sessions other than the leader, with the
// other servers' when the leader is here.
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
	if lead != nil {
		a.Following += h.others.Following
		a.LookingAround += h.others.LookingAround
		a.Waiting += h.others.Waiting
		a.Refused += h.others.Refused
		a.Servers, a.OtherData = h.others.Servers, h.others.OtherData
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
	wasLead := h.leading == m
	for i, l := range h.leaders {
		if l == m {
			h.leaders = append(h.leaders[:i:i], h.leaders[i+1:]...)
			break
		}
	}
	if !wasLead {
		h.tellLeaderLocked()
		if m.presenter {
			h.linkChangedLocked() // this server's candidate may have changed
		}
		return
	}
	h.leading = nil
	if m.lastInput != nil {
		h.ledInput = m.lastInput()
	}
	next := h.candidateLocked()
	switch {
	case h.roomLead != nil && (next == nil || h.beats(h.roomLead, next.epoch)):
		h.log.Info("presenter left; the presenter on another server leads", "left", m.name, "presenter", h.roomLead.name)
		h.followRemoteLocked(h.roomLead)
	case next != nil:
		h.log.Info("presenter left; an earlier presenter leads again", "left", m.name, "presenter", next.name)
		h.promoteLocked(next)
	default:
		h.log.Info("presenter left; viewers wait where they are", "presenter", m.name)
		for o := range h.members {
			o.box.put(slotRole, ui.RoleMsg{Role: ui.RoleFollower, Presenter: ""})
		}
		h.linkChangedLocked()
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
// viewer follows a presenter, the presenter's activity keeps the viewer's
// session alive; once no presenter leads (they left, or their server is
// out of reach), their last key still counts, so that the viewer's idle
// clock runs from there rather than from the viewer's own last key. Zero
// when m does not follow.
func (h *hub) followActivity(m *member) time.Time {
	if !h.enabled {
		return time.Time{}
	}
	h.mu.Lock()
	lead, remote, remoteInput, ledInput, following := h.leading, h.remote, h.remoteInput, h.ledInput, m.following
	h.mu.Unlock()
	if !following {
		return time.Time{}
	}
	switch {
	case remote != nil:
		return remoteInput
	case lead == nil:
		return ledInput
	case lead == m || lead.lastInput == nil:
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
	m.state, m.movedGen = st, h.lastGen
	if h.leading != m {
		return
	}
	h.last, h.hasLast = st, true
	h.lastGen++
	for o := range h.members {
		if o != m {
			o.box.put(slotFollow, ui.FollowMsg{State: st})
		}
	}
	h.linkChangedLocked()
}

// counts is the audience and the leader's name (for logs and tests).
func (h *hub) counts() (members int, leader string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.members), h.leaderNameLocked()
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

// roomSnapshot is what this server tells the room (room.go).
type roomSnapshot struct {
	cand   *wireLead // this server's latest presenter
	leads  bool      // that presenter leads the room
	state  ui.State  // its screen, when it leads
	idle   time.Duration
	counts ui.Audience // this server's sessions but the leader, and its queue
}

func (h *hub) roomSnapshot() roomSnapshot {
	h.mu.Lock()
	defer h.mu.Unlock()
	var s roomSnapshot
	if c := h.candidateLocked(); c != nil {
		s.cand = &wireLead{Epoch: c.epoch, Name: c.name}
	}
	if l := h.leading; l != nil {
		s.leads, s.state = true, h.last
		if l.lastInput != nil {
			s.idle = max(time.Since(l.lastInput()), 0)
		}
	}
	s.counts = h.admission
	for o := range h.members {
		switch {
		case o == h.leading:
		case o.following:
			s.counts.Following++
		default:
			s.counts.LookingAround++
		}
	}
	return s
}

// restore starts the briefing where the room's bucket says it stood.
func (h *hub) restore(st ui.State, epoch int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.epoch = max(h.epoch, epoch)
	if !h.hasLast {
		h.last, h.hasLast = st, true
	}
}

// setRoom is the room as the other servers describe it: their latest
// lead (nil: none) with its screen, when its server sent it, and how long
// ago that presenter typed; their counts; the servers heard, each with its
// candidate's epoch (0: none); silent: servers went out of reach.
func (h *hub) setRoom(lead *remoteLead, st *ui.State, idle time.Duration, others ui.Audience, heard map[string]int64, silent bool) {
	if !h.enabled {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	countsChanged := h.others != others
	h.others = others
	h.roomLead = lead
	moved := false
	if lead != nil {
		h.epoch = max(h.epoch, lead.epoch)
		h.remoteInput = time.Now().Add(-idle)
		if cand := h.candidateLocked(); st != nil && (cand == nil || h.beats(lead, cand.epoch)) {
			moved = !h.hasLast || h.last != *st
			h.last, h.hasLast = *st, true
			h.lastGen++
		}
	}
	prev := h.remote
	h.settleLocked(silent, heard)
	if h.remote != nil && prev != nil && *h.remote == *prev && moved {
		for o := range h.members {
			o.box.put(slotFollow, ui.FollowMsg{State: h.last})
		}
	}
	if countsChanged {
		h.tellLeaderLocked()
	}
}
