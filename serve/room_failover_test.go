package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui"
)

// What followers read when the presenter's server is cut off, crashes or
// comes back, and when presenters move between servers.

// cutProxy stands between one server and the hub, so that a test can cut
// that server alone off the hub and let it back.
type cutProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	cut    bool
	conns  map[net.Conn]struct{}
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	go p.serve()
	t.Cleanup(func() { ln.Close(); p.setCut(true) })
	return p
}

func (p *cutProxy) url() string { return "nats://" + p.ln.Addr().String() }

func (p *cutProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		cut := p.cut
		p.mu.Unlock()
		if cut {
			c.Close()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns[c], p.conns[up] = struct{}{}, struct{}{}
		p.mu.Unlock()
		go func() { io.Copy(up, c); up.Close(); c.Close() }()
		go func() { io.Copy(c, up); up.Close(); c.Close() }()
	}
}

// setCut cuts (closing the open links and refusing new ones) or restores.
func (p *cutProxy) setCut(cut bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = cut
	if cut {
		for c := range p.conns {
			c.Close()
		}
		clear(p.conns)
	}
}

// server is roomKit.server with a fake model that starts where the
// server says the briefing stands (ui.Options.Start), as the dashboard
// does: a presenter who connects again carries on from there.
func (k *roomKit) serverFromStart(t *testing.T) *testServer {
	t.Helper()
	ds := &data.Dataset{Indicators: make([]data.Indicator, 1)}
	return startServer(t, Config{Open: true, PresenterKeys: k.keys, Hub: k.hub, Room: k.room,
		Load: func() (*data.Dataset, error) { return ds, nil }}, func(s *Server) {
		s.newModel = func(ds *data.Dataset, o ui.Options) tea.Model {
			m := &fakeModel{opts: o, data: len(ds.Indicators)}
			if o.Start != nil {
				m.st = *o.Start
			}
			return m
		}
	})
}

// crash stops ts the way a killed process stops for the rest of the room:
// no goodbye on the hub; its sessions end.
func crash(t *testing.T, ts *testServer) {
	t.Helper()
	ts.room.cancel()
	<-ts.room.done
	ts.room.nc.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = ts.Shutdown(ctx)
}

// waitFrame waits for one frame of the fake model, drawn after mark, that
// has every one of subs (waitOut may find them in different frames).
func (tm *term) waitFrame(t testing.TB, mark int, timeout time.Duration, subs ...string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		frames := strings.Split(tm.out.String()[mark:], "EAEU fake")
		for _, f := range frames {
			ok := true
			for _, s := range subs {
				if !strings.Contains(f, s) {
					ok = false
					break
				}
			}
			if ok {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for a frame with %q; last 400 bytes:\n%q", subs, tail(tm.out.String()[mark:], 400))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// lastFrame is the fake model's latest frame.
func (tm *term) lastFrame() string {
	out := tm.out.String()
	return out[strings.LastIndex(out, "EAEU fake"):]
}

// storedScreen is the room's bucket record, zero while there is none.
func storedScreen(t *testing.T, ns *natsserver.Server, roomName string) screenRecord {
	t.Helper()
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var rec screenRecord
	kv, err := js.KeyValue(ctx, "eaeu-dash-"+roomName)
	if err != nil {
		return rec
	}
	e, err := kv.Get(ctx, "screen")
	if err != nil {
		return rec
	}
	if err := json.Unmarshal(e.Value(), &rec); err != nil {
		t.Fatalf("the stored screen: %v", err)
	}
	return rec
}

// The presenter's server is cut off the hub, the presenter leaves while
// it is, and the server comes back without them: the followers elsewhere
// stop reading "presenter unreachable" and wait for the presenter, then
// follow the next one, whichever server they connect to.
func TestRoomPresenterServerBackWithoutPresenter(t *testing.T) {
	t.Parallel()
	ns := startNATS(t, t.TempDir(), 0, nil)
	k := newRoomKit(t, ns.ClientURL())
	proxy := newCutProxy(t, ns.Addr().String())
	ka := *k
	ka.hub = proxy.url()
	a, b := ka.serverFromStart(t), k.serverFromStart(t)

	alice := k.join(t, a, k.alice)
	alice.waitOut(t, 10*time.Second, "role=1")
	vB := k.join(t, b, nil)
	alice.send(t, "nn")
	vB.waitFrame(t, 0, 10*time.Second, `role=2 presenter="alice" viewers=0 state=2 `, "lost=false.")

	mark := vB.mark()
	proxy.setCut(true)
	vB.waitFrame(t, mark, 10*time.Second, `role=2 presenter="alice" viewers=0 state=2 `, "lost=true.")
	waitFor(t, 5*time.Second, "server a to notice", func() bool {
		return strings.Contains(a.logs.String(), "hub lost; this server goes on alone")
	})
	alice.send(t, "q")
	alice.waitExit(t, 10*time.Second)

	mark = vB.mark()
	proxy.setCut(false)
	vB.waitFrame(t, mark, 20*time.Second, `role=2 presenter="" viewers=0 state=2 `, "lost=false.")
	// What server a sent while cut off is not replayed: the followers
	// never read that they follow alice again.
	for _, f := range strings.Split(vB.out.String()[mark:], "EAEU fake") {
		if strings.Contains(f, `presenter="alice"`) && strings.Contains(f, "lost=false.") {
			t.Errorf("a follower read that it follows alice after she left: %q", f)
		}
	}
	if !strings.Contains(b.logs.String(), "the presenter's server is back without them") {
		t.Errorf("server b did not log why its viewers wait:\n%s", b.logs.String())
	}

	// The next presenter, on either server, leads them.
	for i, at := range []*testServer{a, b} {
		mark = vB.mark()
		bob := k.join(t, at, k.bob)
		bob.waitOut(t, 10*time.Second, "role=1", fmt.Sprintf("state=%d ", 2+i))
		bob.send(t, "n")
		vB.waitFrame(t, mark, 10*time.Second, fmt.Sprintf(`role=2 presenter="bob" viewers=0 state=%d `, 3+i), "lost=false.")
		mark = vB.mark()
		bob.send(t, "q")
		bob.waitExit(t, 10*time.Second)
		vB.waitFrame(t, mark, 10*time.Second, fmt.Sprintf(`role=2 presenter="" viewers=0 state=%d `, 3+i), "lost=false.")
	}
}

// The same, seen from the other side: the followers' own server is cut
// off, and while it is the presenter leaves; back on the hub, they wait.
func TestRoomFollowersServerBackAfterPresenterLeft(t *testing.T) {
	t.Parallel()
	ns := startNATS(t, t.TempDir(), 0, nil)
	k := newRoomKit(t, ns.ClientURL())
	proxy := newCutProxy(t, ns.Addr().String())
	kb := *k
	kb.hub = proxy.url()
	a, b := k.serverFromStart(t), kb.serverFromStart(t)

	alice := k.join(t, a, k.alice)
	alice.waitOut(t, 10*time.Second, "role=1")
	vB := k.join(t, b, nil)
	alice.send(t, "n")
	vB.waitFrame(t, 0, 10*time.Second, `presenter="alice" viewers=0 state=1 `, "lost=false.")

	mark := vB.mark()
	proxy.setCut(true)
	vB.waitFrame(t, mark, 10*time.Second, `presenter="alice" viewers=0 state=1 `, "lost=true.")
	alice.send(t, "q")
	alice.waitExit(t, 10*time.Second)
	mark = vB.mark()
	proxy.setCut(false)
	vB.waitFrame(t, mark, 20*time.Second, `role=2 presenter="" viewers=0 state=1 `, "lost=false.")
}

// The presenter's whole server crashes (no goodbye): once it is silent
// for the heartbeat timeout, the followers elsewhere no longer read
// "following alice" but that she is unreachable, on the last screen;
// when she connects again, through the balancer to another server, they
// all follow her from where the briefing stood, and the bucket keeps it.
func TestRoomPresenterServerCrashes(t *testing.T) {
	t.Parallel()
	ns := startNATS(t, t.TempDir(), 0, nil)
	k := newRoomKit(t, ns.ClientURL())
	a, b, c := k.serverFromStart(t), k.serverFromStart(t), k.serverFromStart(t)

	alice := k.join(t, a, k.alice)
	alice.waitOut(t, 10*time.Second, "role=1")
	vB, vC := k.join(t, b, nil), k.join(t, c, nil)
	alice.send(t, "nnn")
	for _, v := range []*term{vB, vC} {
		v.waitFrame(t, 0, 10*time.Second, `role=2 presenter="alice" viewers=0 state=3 `, "lost=false.")
	}

	marks := []int{vB.mark(), vC.mark()}
	crash(t, a)
	alice.waitExit(t, 10*time.Second)
	for i, v := range []*term{vB, vC} {
		v.waitFrame(t, marks[i], 10*time.Second, `role=2 presenter="alice" viewers=0 state=3 `, "lost=true.")
	}

	marks = []int{vB.mark(), vC.mark()}
	again := k.join(t, b, k.alice)
	again.waitFrame(t, 0, 10*time.Second, `role=1 presenter="alice" viewers=2 state=3 `)
	for i, v := range []*term{vB, vC} {
		v.waitFrame(t, marks[i], 10*time.Second, `role=2 presenter="alice" viewers=0 state=3 `, "lost=false.")
	}
	again.send(t, "n")
	for _, v := range []*term{vB, vC} {
		v.waitOut(t, 10*time.Second, `presenter="alice" viewers=0 state=4 `)
	}
	waitFor(t, 10*time.Second, "the screen in the bucket", func() bool {
		rec := storedScreen(t, ns, k.room)
		return rec.Name == "alice" && rec.State == stateN(4)
	})
}

// The presenter's link to one server dies with that server, and they
// connect again at once, through the balancer, to another: the followers
// everywhere follow the new session, and they keep following it when the
// crashed server's heartbeats time out.
func TestRoomPresenterMovesToAnotherServer(t *testing.T) {
	t.Parallel()
	ns := startNATS(t, t.TempDir(), 0, nil)
	k := newRoomKit(t, ns.ClientURL())
	a, b, c := k.serverFromStart(t), k.serverFromStart(t), k.serverFromStart(t)

	alice := k.join(t, a, k.alice)
	alice.waitOut(t, 10*time.Second, "role=1")
	vB, vC := k.join(t, b, nil), k.join(t, c, nil)
	alice.send(t, "nn")
	vC.waitFrame(t, 0, 10*time.Second, `presenter="alice" viewers=0 state=2 `)
	// The bucket holds where the briefing stands before the move.
	waitFor(t, 10*time.Second, "the screen in the bucket", func() bool {
		return storedScreen(t, ns, k.room).State == stateN(2)
	})

	crash(t, a)
	again := k.join(t, b, k.alice)
	again.waitOut(t, 10*time.Second, "role=1", "state=2 ")
	again.send(t, "n")
	for _, v := range []*term{vB, vC} {
		v.waitOut(t, 10*time.Second, `presenter="alice" viewers=0 state=3 `)
	}
	waitFor(t, 15*time.Second, "the crashed server timed out on c", func() bool {
		return strings.Contains(c.logs.String(), "a server of the room went silent")
	})
	for _, v := range []*term{vB, vC} {
		if f := v.lastFrame(); !strings.Contains(f, `role=2 presenter="alice" viewers=0 state=3 `) || !strings.Contains(f, "lost=false.") {
			t.Errorf("a follower after the crashed server timed out: %q", f)
		}
	}
	waitFor(t, 10*time.Second, "the moved presenter's screen in the bucket", func() bool {
		rec := storedScreen(t, ns, k.room)
		return rec.Name == "alice" && rec.State == stateN(3)
	})
}

// Two presenters on two servers, followers on a third: the latest leads
// everywhere; when the latest leaves, the earlier leads again everywhere;
// when the latest's whole server crashes instead, the same, once its
// heartbeats time out.
func TestRoomTwoPresentersThreeServers(t *testing.T) {
	t.Parallel()
	for _, how := range []string{"leaves", "crashes"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			ns := startNATS(t, t.TempDir(), 0, nil)
			k := newRoomKit(t, ns.ClientURL())
			a, b, c := k.serverFromStart(t), k.serverFromStart(t), k.serverFromStart(t)

			alice := k.join(t, a, k.alice)
			alice.waitOut(t, 10*time.Second, "role=1")
			vA, vC := k.join(t, a, nil), k.join(t, c, nil)
			alice.send(t, "n")
			vC.waitOut(t, 10*time.Second, `presenter="alice" viewers=0 state=1 `)

			bob := k.join(t, b, k.bob)
			bob.waitOut(t, 10*time.Second, "role=1")
			bob.send(t, "nn")
			for _, v := range []*term{vA, vC, alice} {
				v.waitOut(t, 10*time.Second, `role=2 presenter="bob" viewers=0 state=3 `)
			}
			bob.waitOut(t, 10*time.Second, `role=1 presenter="bob" viewers=3 `)

			marks := []int{vA.mark(), vC.mark(), alice.mark()}
			if how == "leaves" {
				bob.send(t, "q")
			} else {
				crash(t, b)
			}
			bob.waitExit(t, 10*time.Second)
			alice.waitFrame(t, marks[2], 15*time.Second, `role=1 presenter="alice" viewers=2 state=3 `)
			// She leads from the screen she followed, where the briefing
			// stands, not from the last screen she moved to herself: a
			// viewer who joins now starts there.
			late := k.join(t, a, nil)
			late.waitOut(t, 10*time.Second, `role=2 presenter="alice" viewers=0 state=3 `)
			for i, v := range []*term{vA, vC} {
				v.waitFrame(t, marks[i], 15*time.Second, `role=2 presenter="alice" viewers=0 state=3 `, "lost=false.")
			}
			alice.send(t, "n")
			for _, v := range []*term{vA, vC, late} {
				v.waitOut(t, 10*time.Second, `presenter="alice" viewers=0 state=4 `)
			}
		})
	}
}

// While a viewer follows, the presenter's keys count as the viewer's; when
// the presenter leaves, or their server goes out of reach, their last key
// still counts: the viewer's idle clock runs from there, and a viewer who
// listened for longer than --idle-timeout without a key of their own is
// not cut off the moment the presenter is gone.
func TestFollowersIdleClockAfterThePresenterIsGone(t *testing.T) {
	t.Parallel()
	h := newHub(true, quietLogger())
	typed := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	pres := &member{name: "alice", presenter: true, box: newMailbox(), lastInput: func() time.Time { return typed }}
	fol := &member{name: "f", box: newMailbox()}
	h.join(pres, stateN(0))
	h.join(fol, stateN(0))
	if got := h.followActivity(fol); !got.Equal(typed) {
		t.Fatalf("while alice leads: %v, want %v", got, typed)
	}
	h.leave(pres)
	if got := h.followActivity(fol); !got.Equal(typed) {
		t.Errorf("after alice left: %v, want her last key %v", got, typed)
	}

	// A presenter on another server, who typed 5 minutes ago; then the
	// link to that server is lost.
	bob := &remoteLead{instance: "other", epoch: h.epoch + 1, name: "bob"}
	st := stateN(3)
	h.setRoom(bob, &st, 5*time.Minute, ui.Audience{}, map[string]int64{"other": bob.epoch}, false)
	h.mu.Lock()
	bobTyped := h.remoteInput
	h.mu.Unlock()
	if got := h.followActivity(fol); !got.Equal(bobTyped) || time.Since(got) < 5*time.Minute {
		t.Fatalf("while bob leads from elsewhere: %v, want %v", got, bobTyped)
	}
	h.setRoom(nil, nil, 0, ui.Audience{}, map[string]int64{}, true)
	if got := h.followActivity(fol); !got.Equal(bobTyped) {
		t.Errorf("after bob's server went out of reach: %v, want his last key %v", got, bobTyped)
	}
	h.mu.Lock()
	role := h.followerRoleLocked()
	h.mu.Unlock()
	if !role.Unreachable || role.Presenter != "bob" {
		t.Errorf("the follower's role after bob's server went out of reach: %+v", role)
	}
	// A viewer who looks around keeps their own clock.
	h.setFollowing(fol, false)
	if got := h.followActivity(fol); !got.IsZero() {
		t.Errorf("looking around: %v, want none", got)
	}
}
