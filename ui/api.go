// Package ui is the bubbletea dashboard. It knows nothing of SSH: the serve
// package drives it through Options and the messages below.
package ui

import (
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// View names a screen of the dashboard.
type View int

const (
	ViewOverview View = iota
	ViewCharts
	ViewTable
	ViewSources
	ViewEvents
	ViewDetail
	ViewMap
)

// Options configure one program (one local terminal or one SSH session).
type Options struct {
	// Renderer builds every style of this program; over SSH it is the
	// session's own (colour profile and background of the viewer's terminal).
	// nil means lipgloss.DefaultRenderer().
	Renderer *lipgloss.Renderer
	// Frames shares the frames of attached followers between the programs
	// of one server (one cache per server); nil: every program builds its
	// own.
	Frames *FrameCache
	// Lang is "en" or "ru".
	Lang string
	// ASCII draws with ASCII characters only, for terminals that cannot
	// show more (--glyphs ascii; GlyphsASCII says when auto picks it):
	// boxes +-|, a character-cell plot, # bars, * ~ ^ o for statuses.
	// It is part of the look, like the colour profile.
	ASCII bool
	// OnState is called from Update, after every message that changed the
	// shared State. The SSH presenter hub uses it to publish.
	OnState func(State)
	// OnFollow is called from Update when a follower starts or stops
	// following the presenter (f, or its own navigation). The hub counts
	// the audience and feeds a follower's idle clock with it.
	OnFollow func(following bool)
	// Start is the State the program opens at (a briefing that is under
	// way: where the presenter's screen stands); nil: the overview.
	Start *State
	// IdleTimeout quits the program after that long without input; 0: never.
	// (serve measures idleness itself, with the presenter's activity, and
	// passes 0.)
	IdleTimeout time.Duration
	// Now is the clock (tests fix it); nil means time.Now.
	Now func() time.Time
	// Story, when set, is the briefing n/space and p step through (a
	// caption bar shows the stop's caption); it must have been loaded
	// against this dataset (data.LoadStoryBytes, data.DefaultStory).
	Story *data.Story
	// Tour advances the story by itself every Tour and loops; a key or a
	// click holds it until Tour has passed without input. 0: no tour.
	Tour time.Duration
	// Snapshot, when set, makes ctrl+s save the screen through it (the
	// local dashboard writes an SVG in the working directory). nil, the
	// default and what every SSH viewer gets: ctrl+s writes nothing.
	Snapshot SnapshotFunc
}

// Role is how a session relates to a presenter.
type Role int

const (
	RoleIndependent Role = iota // no presenter in this server / local use
	RolePresenter               // this session leads
	RoleFollower                // this session follows a presenter
)

// RoleMsg tells a program its role. Presenter is the leading presenter's
// name, "" while there is none (a follower then waits for one); Audience
// is shown to the presenter.
//
// Unreachable says that the presenter's server (several servers share one
// briefing) cannot be reached: a follower keeps the last screen and says
// so until the presenter is back.
type RoleMsg struct {
	Role        Role
	Presenter   string
	Audience    Audience
	Unreachable bool
}

// Audience is what a presenter's status line counts.
type Audience struct {
	Following     int // viewers who show the presenter's screen
	LookingAround int // viewers who navigate on their own (f follows again)
	Waiting       int // connections waiting for a handshake slot
	Refused       int // people turned away since the server started
	// Servers share the briefing (several behind a balancer; 0 or 1: this
	// one alone); OtherData of them have other data than the presenter's.
	Servers, OtherData int
}

// CountdownMsg warns that the session is about to end: at At, for
// idleness (Idle) or for its time limit. The program shows the seconds
// left until a key or a click dismisses it; a zero At clears it.
type CountdownMsg struct {
	At   time.Time
	Idle bool
}

// FollowMsg carries the presenter's State to a follower. A follower that is
// attached applies it at once; a detached one keeps it for when `f` is
// pressed.
type FollowMsg struct {
	State State
}

// DatasetMsg replaces the dataset (live reload); the program keeps its place
// where the selected indicator still exists.
//
// A story's captions point into one dataset: a program with a story takes
// Story as its story from then on (checked against Dataset by the sender),
// and nil ends the story rather than fill captions from the wrong data.
type DatasetMsg struct {
	Dataset *data.Dataset
	Story   *data.Story
}

// BannerMsg shows a one-line banner (e.g. "data reload failed: ..."); empty
// Text clears it.
type BannerMsg struct {
	Text string
}

// ShutdownMsg shows Text and quits (the briefing ended).
type ShutdownMsg struct {
	Text string
}
