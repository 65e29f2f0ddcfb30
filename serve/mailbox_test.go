package serve

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/eaeu-dash/eaeu-dash/ui"
)

// A presenter moving faster than a follower's program can draw: the hub
// never waits for the follower, and the follower is sent the latest state,
// not a backlog of every state in between.
func TestFollowCoalesces(t *testing.T) {
	t.Parallel()
	h := newHub(true, quietLogger())
	pres := &member{name: "p", presenter: true, box: newMailbox()}
	fol := &member{name: "f", box: newMailbox()}
	h.join(pres, stateN(0))
	h.join(fol, stateN(0))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	busy := make(chan struct{}) // the follower's program is drawing until closed
	got := make(chan ui.State, 1000)
	// The mailbox's part of Server.sessionLoop.
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-fol.box.wake:
				fol.box.deliver(func(msg tea.Msg) {
					if f, ok := msg.(ui.FollowMsg); ok {
						<-busy
						got <- f.State
					}
				})
			}
		}
	}()

	start := time.Now()
	for i := 1; i <= 1000; i++ {
		h.publish(pres, stateN(i))
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("1000 moves took %s: the presenter waited for the follower", d)
	}
	close(busy)
	var states []int
	deadline := time.After(5 * time.Second)
	for len(states) == 0 || states[len(states)-1] != 1000 {
		select {
		case st := <-got:
			states = append(states, stateIndex(st))
		case <-deadline:
			t.Fatalf("the follower never got the latest state; got %v", states)
		}
	}
	// At most: one taken before the program was busy, the latest.
	if len(states) > 3 {
		t.Errorf("the follower was sent %d states (%v...), want the latest only", len(states), states[:3])
	}
}
