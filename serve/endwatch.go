package serve

import (
	"time"

	"github.com/eaeu-dash/eaeu-dash/ui"
)

// endWatch decides when a session ends for idleness or for its time
// limit, and when the viewer is warned. It is pure (the session loop
// gives it the time and the last activity), so the rules are tested
// without waiting (TestEndWatch).
type endWatch struct {
	idle, limit time.Duration // 0: never
	lead        time.Duration // countdown before either end
	start       time.Time
	shown       ui.CountdownMsg // the countdown the program was last sent
	done        bool
}

type watchKind int

const (
	watchNothing watchKind = iota
	watchWarn              // send countdown (a zero one clears it)
	watchEndIdle
	watchEndLimit
)

type watchAction struct {
	kind      watchKind
	countdown ui.CountdownMsg
}

func newEndWatch(idle, limit, lead time.Duration, start time.Time) *endWatch {
	return &endWatch{idle: max(idle, 0), limit: max(limit, 0), lead: lead, start: start}
}

// tick is how often check should run; 0 when nothing ever ends.
func (w *endWatch) tick() time.Duration {
	shortest := w.idle
	if shortest == 0 || (w.limit > 0 && w.limit < shortest) {
		shortest = w.limit
	}
	if shortest == 0 {
		return 0
	}
	return min(max(shortest/20, 10*time.Millisecond), time.Second)
}

// leadFor is the countdown before an end d after its start: countdownLead,
// or half of d when d is shorter than two leads.
func (w *endWatch) leadFor(d time.Duration) time.Duration { return min(w.lead, d/2) }

// check is what to do at now, when the session's activity (its own input,
// or the presenter's while it follows one) was last seen at last.
func (w *endWatch) check(now, last time.Time) watchAction {
	if w.done {
		return watchAction{}
	}
	limitAt := w.start.Add(w.limit)
	idleAt := last.Add(w.idle)
	switch {
	case w.limit > 0 && !now.Before(limitAt):
		w.done = true
		return watchAction{kind: watchEndLimit}
	case w.idle > 0 && !now.Before(idleAt):
		w.done = true
		return watchAction{kind: watchEndIdle}
	}
	idleSoon := w.idle > 0 && idleAt.Sub(now) <= w.leadFor(w.idle)
	limitSoon := w.limit > 0 && limitAt.Sub(now) <= w.leadFor(w.limit)
	var want ui.CountdownMsg
	switch {
	case idleSoon && (!limitSoon || idleAt.Before(limitAt)):
		want = ui.CountdownMsg{At: idleAt, Idle: true}
	case limitSoon:
		want = ui.CountdownMsg{At: limitAt}
	}
	if want == w.shown {
		return watchAction{}
	}
	w.shown = want
	return watchAction{kind: watchWarn, countdown: want}
}
