package serve

import (
	"testing"
	"time"

	"github.com/eaeu-dash/eaeu-dash/ui"
)

func TestEndWatch(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	type step struct {
		now, last time.Duration // since t0
		want      watchKind
		countdown ui.CountdownMsg
	}
	for _, tc := range []struct {
		name              string
		idle, limit, lead time.Duration
		steps             []step
	}{
		{"idle: warned a minute before, then closed", 30 * time.Minute, 0, time.Minute, []step{
			{now: 10 * time.Minute, last: 0, want: watchNothing},
			{now: 29 * time.Minute, last: 0, want: watchWarn, countdown: ui.CountdownMsg{At: at(30 * time.Minute), Idle: true}},
			{now: 29*time.Minute + time.Second, last: 0, want: watchNothing}, // shown once
			{now: 30 * time.Minute, last: 0, want: watchEndIdle},
			{now: 31 * time.Minute, last: 0, want: watchNothing}, // ended once
		}},
		{"activity clears the countdown and restarts the clock", 30 * time.Minute, 0, time.Minute, []step{
			{now: 29*time.Minute + 30*time.Second, last: 0, want: watchWarn, countdown: ui.CountdownMsg{At: at(30 * time.Minute), Idle: true}},
			{now: 29*time.Minute + 40*time.Second, last: 29*time.Minute + 35*time.Second, want: watchWarn},
			{now: 40 * time.Minute, last: 29*time.Minute + 35*time.Second, want: watchNothing},
		}},
		{"a short timeout warns for half of it", 2 * time.Second, 0, time.Minute, []step{
			{now: 900 * time.Millisecond, want: watchNothing},
			{now: time.Second, want: watchWarn, countdown: ui.CountdownMsg{At: at(2 * time.Second), Idle: true}},
			{now: 2 * time.Second, want: watchEndIdle},
		}},
		{"time limit: warned, a key does not bring the warning back, then ended", 0, 8 * time.Hour, time.Minute, []step{
			{now: 7*time.Hour + 59*time.Minute, last: 7*time.Hour + 59*time.Minute, want: watchWarn, countdown: ui.CountdownMsg{At: at(8 * time.Hour)}},
			{now: 7*time.Hour + 59*time.Minute + 10*time.Second, last: 7*time.Hour + 59*time.Minute + 5*time.Second, want: watchNothing},
			{now: 8 * time.Hour, last: 8 * time.Hour, want: watchEndLimit},
		}},
		{"the earlier end is announced", 30 * time.Minute, 8 * time.Hour, time.Minute, []step{
			{now: 7*time.Hour + 59*time.Minute + 30*time.Second, last: 7*time.Hour + 59*time.Minute, want: watchWarn, countdown: ui.CountdownMsg{At: at(8 * time.Hour)}},
		}},
		{"nothing ends", 0, 0, time.Minute, []step{
			{now: 1000 * time.Hour, want: watchNothing},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newEndWatch(tc.idle, tc.limit, tc.lead, t0)
			if (w.tick() == 0) != (tc.idle == 0 && tc.limit == 0) {
				t.Errorf("tick %v", w.tick())
			}
			for i, s := range tc.steps {
				got := w.check(at(s.now), at(s.last))
				if got.kind != s.want || got.countdown != s.countdown {
					t.Fatalf("step %d (now %v, last %v): %+v, want kind %v countdown %+v", i, s.now, s.last, got, s.want, s.countdown)
				}
			}
		})
	}
}
