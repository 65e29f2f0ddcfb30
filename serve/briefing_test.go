package serve

import (
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/eaeu-dash/eaeu-dash/ui"
)

// These tests play a briefing as people live it, over real SSH
// connections, with the real dashboard: who arrives when, who presses
// what, and what each screen then shows.

// A viewer who arrives before the presenter waits calmly, and follows the
// presenter from the first move without pressing anything.
func TestBriefingEarlyArrival(t *testing.T) {
	t.Parallel()
	ts, presKey, recs := startFollowServer(t, nil)
	early := openTerm(t, mustDial(t, ts.addr, openAuth()), 100, 30)
	early.waitOut(t, 10*time.Second, "waiting for the presenter")
	er := <-recs
	if strings.Contains(early.out.String(), "presenter left") {
		t.Error("an early viewer is told the presenter left")
	}

	pres := openTerm(t, mustDial(t, ts.addr, gossh.PublicKeys(presKey)), 120, 36)
	pres.waitOut(t, 10*time.Second, "presenting to 1 viewer")
	pr := <-recs
	early.waitOut(t, 10*time.Second, "following alice")
	pres.send(t, "3")
	waitFor(t, 5*time.Second, "the early viewer to follow to the table", func() bool {
		return pr.get().View == ui.ViewTable && er.get() == pr.get()
	})
	if out := early.out.String(); strings.Contains(out, "detached") || strings.Contains(out, "looking around") {
		t.Errorf("the early viewer was detached:\n%q", tail(out, 400))
	}
}

// The presenter drops and returns: followers wait where they are, the
// presenter comes back to where the briefing stood (not the overview), and
// leads the same followers; a viewer looking around stays so and is
// counted as such; a late viewer opens where the briefing stands.
func TestBriefingPresenterReturns(t *testing.T) {
	t.Parallel()
	ts, presKey, recs := startFollowServer(t, nil)
	presConn := mustDial(t, ts.addr, gossh.PublicKeys(presKey))
	pres := openTerm(t, presConn, 120, 36)
	pr := <-recs
	v1 := openTerm(t, mustDial(t, ts.addr, openAuth()), 100, 30)
	r1 := <-recs
	v2 := openTerm(t, mustDial(t, ts.addr, openAuth()), 80, 24)
	r2 := <-recs
	pres.waitOut(t, 10*time.Second, "presenting to 2 viewers")
	pres.send(t, "3j")
	waitFor(t, 5*time.Second, "both to follow", func() bool {
		return pr.get().View == ui.ViewTable && r1.get() == pr.get() && r2.get() == pr.get()
	})
	v2.send(t, "1") // looks around
	waitFor(t, 5*time.Second, "v2 to look around", func() bool { return r2.get().View == ui.ViewOverview })
	pres.waitOut(t, 10*time.Second, "presenting to 1 viewer · 1 looking around")
	v2.waitOut(t, 5*time.Second, "looking around: f follows alice again")
	stood := pr.get()

	presConn.Close() // the presenter's laptop drops off
	v1.waitOut(t, 10*time.Second, "waiting for the presenter")
	if r1.get() != stood {
		t.Fatalf("a follower moved when the presenter dropped: %+v", r1.get())
	}

	// A late viewer opens where the briefing stands.
	late := openTerm(t, mustDial(t, ts.addr, openAuth()), 100, 30)
	late.waitOut(t, 10*time.Second, "waiting for the presenter")
	rl := <-recs
	if rl.get() != stood {
		t.Errorf("a late viewer opened at %+v, not where the briefing stood (%+v)", rl.get(), stood)
	}

	pres2 := openTerm(t, mustDial(t, ts.addr, gossh.PublicKeys(presKey)), 120, 36)
	p2 := <-recs
	pres2.waitOut(t, 10*time.Second, "presenting to 2 viewers · 1 looking around")
	if p2.get() != stood {
		t.Fatalf("the returning presenter starts at %+v, not where the briefing stood (%+v)", p2.get(), stood)
	}
	pres2.send(t, "2")
	waitFor(t, 5*time.Second, "the followers to follow the returning presenter", func() bool {
		return p2.get().View == ui.ViewCharts && r1.get() == p2.get() && rl.get() == p2.get()
	})
	v1.waitOut(t, 5*time.Second, "following alice")
	if r2.get().View != ui.ViewOverview {
		t.Errorf("the viewer looking around was moved: %+v", r2.get())
	}
	v2.send(t, "f")
	waitFor(t, 5*time.Second, "f to follow again", func() bool { return r2.get() == p2.get() })
	pres2.waitOut(t, 10*time.Second, "presenting to 3 viewers")
}

// Idle means abandoned, not quiet: a viewer who only watches stays while
// the presenter works, past the idle timeout; a viewer looking around with
// no input of their own, and every session once the presenter stops, is
// warned with a countdown and then closed.
func TestBriefingIdleFollowsPresenter(t *testing.T) {
	t.Parallel()
	const idle = 2 * time.Second
	ts, presKey, recs := startFollowServer(t, func(s *Server) { s.cfg.IdleTimeout = idle })
	pres := openTerm(t, mustDial(t, ts.addr, gossh.PublicKeys(presKey)), 120, 36)
	<-recs
	// The presenter works from before the viewers arrive (a setup slower
	// than the countdown's lead would otherwise warn the watcher rightly:
	// nobody pressed anything) until twice the idle timeout after.
	stop, worked := make(chan struct{}), make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				worked <- nil
				return
			case <-time.After(150 * time.Millisecond):
			}
			if _, err := io.WriteString(pres.stdin, []string{"j", "k"}[i%2]); err != nil {
				worked <- err
				return
			}
		}
	}()
	watcher := openTerm(t, mustDial(t, ts.addr, openAuth()), 100, 30)
	<-recs
	wandering := openTerm(t, mustDial(t, ts.addr, openAuth()), 100, 30)
	<-recs
	pres.waitOut(t, 10*time.Second, "presenting to 2 viewers")
	wandering.send(t, "1")
	wandering.waitOut(t, 5*time.Second, "looking around")
	time.Sleep(2 * idle)
	close(stop)
	if err := <-worked; err != nil {
		t.Fatalf("the presenter's keys: %v", err)
	}
	if ts.sessionCount() != 2 {
		t.Fatalf("%d sessions left, want the presenter and the watcher", ts.sessionCount())
	}
	if strings.Contains(watcher.out.String(), "without input") || strings.Contains(watcher.out.String(), "closes in") {
		t.Fatalf("the watcher was warned or closed while the presenter worked:\n%q", tail(watcher.out.String(), 300))
	}
	if code := wandering.waitExit(t, 5*time.Second); code != 0 {
		t.Errorf("the abandoned session exited %d", code)
	}
	if out := wandering.out.String(); !strings.Contains(out, "closes in") || !strings.Contains(out, "Closed after 2 s without input.") {
		t.Errorf("the abandoned session was not warned and closed:\n%q", tail(out, 400))
	}

	// The presenter stops: the watcher is warned, then closed.
	watcher.waitOut(t, 2*idle, "No input for a while: this session closes in")
	pres.waitOut(t, 2*idle, "No input for a while: this session closes in")
	watcher.waitExit(t, 2*idle)
	if out := watcher.out.String(); !strings.Contains(out, "Closed after 2 s without input.") {
		t.Errorf("the watcher's goodbye:\n%q", tail(out, 300))
	}
	if !strings.Contains(watcher.out.String(), altScreenOff) {
		t.Error("the watcher's terminal was not restored")
	}
}

// Any key dismisses the countdown before the time limit; the limit still
// ends the session, with its reason.
func TestCountdownBeforeTimeLimit(t *testing.T) {
	t.Parallel()
	ts, _, _ := startFollowServer(t, func(s *Server) { s.cfg.MaxSession = 4 * time.Second })
	v := openTerm(t, mustDial(t, ts.addr, openAuth()), 100, 30)
	v.waitOut(t, 5*time.Second, "This session reaches its time limit in")
	v.send(t, "j")
	time.Sleep(300 * time.Millisecond) // a redraw may have crossed the key
	n := strings.Count(v.out.String(), "reaches its time limit")
	time.Sleep(1200 * time.Millisecond) // it would redraw every second
	if strings.Count(v.out.String(), "reaches its time limit") != n {
		t.Error("the countdown kept showing after a key")
	}
	v.waitExit(t, 5*time.Second)
	if !strings.Contains(v.out.String(), "This session reached its time limit (4 s).") {
		t.Errorf("no time-limit goodbye:\n%q", tail(v.out.String(), 300))
	}
}

// A room behind one NAT address: 200 people connect within a moment from
// the same address, and every one gets a dashboard.
func TestRoomBehindOneAddress(t *testing.T) {
	t.Parallel()
	const n = 200
	ts := startServer(t, Config{Open: true, MaxSessions: n + 10}, func(s *Server) { s.newModel = newFake(nil) })
	var got atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * 10 * time.Millisecond) // 200 within 2 s
			c, err := dial(ts.addr, fmt.Sprintf("v%d", i))
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			tm, err := tryOpenTerm(c, 80, 24, true)
			if err != nil {
				errs <- err
				return
			}
			defer tm.sess.Close()
			deadline := time.Now().Add(60 * time.Second)
			for !strings.Contains(tm.out.String(), "EAEU fake") {
				if time.Now().After(deadline) {
					errs <- fmt.Errorf("viewer %d saw no dashboard", i)
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
			got.Add(1)
			// Stay until everyone is in, as a room would.
			waitFor(t, 90*time.Second, "the whole room", func() bool { return got.Load() == n || len(errs) > 0 })
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("refused or failed: %v", err)
	}
	if got.Load() != n {
		t.Fatalf("%d of %d viewers got a dashboard", got.Load(), n)
	}
	if _, refused := ts.admission.counts(); refused != 0 {
		t.Errorf("%d connections refused", refused)
	}
}

// Refusals are read in the client's terminal: an uninvited key gets whom
// to ask and its fingerprint; a connection past the queue bounds gets an
// SSH banner saying why; the presenter's count includes them.
func TestRefusalsAreExplained(t *testing.T) {
	t.Parallel()
	invited, stranger := newKey(t), newKey(t)
	ts := startServer(t, Config{AuthorizedKeys: writeKeys(t, []gossh.Signer{invited})}, func(s *Server) { s.newModel = newFake(nil) })
	var instruction string
	_, err := dial(ts.addr, "guest", gossh.PublicKeys(stranger), gossh.KeyboardInteractive(func(_, instr string, q []string, _ []bool) ([]string, error) {
		instruction = instr
		return make([]string, len(q)), nil
	}))
	if err == nil {
		t.Fatal("an uninvited key got in")
	}
	fp := gossh.FingerprintSHA256(stranger.PublicKey())
	if !strings.Contains(instruction, "This briefing admits invited keys only; ask the organiser to add your key: "+fp) {
		t.Errorf("the uninvited person reads %q", instruction)
	}
	mustDial(t, ts.addr, gossh.PublicKeys(invited)) // the invited still get in

	// Past the queue: one handshake slot, held by a silent connection;
	// one waiter; the next from the same address is refused with a banner.
	q := startServer(t, Config{Open: true}, func(s *Server) {
		s.newModel = newFake(nil)
		s.admission = newAdmission(Limits{Handshakes: 1, PerAddrHandshakes: 1, Queue: 1, PerAddrQueue: 1})
		s.admission.onChange = s.hub.setAdmission
	})
	hold, err := net.Dial("tcp", q.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Close()
	waitFor(t, 5*time.Second, "the silent connection to hold the slot", func() bool { return q.openConns.Load() == 1 })
	wait, err := net.Dial("tcp", q.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer wait.Close()
	waitFor(t, 5*time.Second, "one waiter", func() bool { w, _ := q.admission.counts(); return w == 1 })
	var banner string
	_, err = gossh.Dial("tcp", q.addr, &gossh.ClientConfig{
		User: "late", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
		BannerCallback: func(m string) error { banner = m; return nil },
	})
	if err == nil {
		t.Fatal("a connection past the queue got in")
	}
	if !strings.Contains(banner, "Too many people are joining from your network address at once; try again in a minute.") {
		t.Errorf("the refused person reads %q (err %v)", banner, err)
	}
	if _, refused := q.admission.counts(); refused != 1 {
		t.Errorf("refused count %d, want 1", refused)
	}
	if !strings.Contains(q.logs.String(), "connection refused") || !strings.Contains(q.logs.String(), "too many waiting from this address") {
		t.Errorf("the refusal is not logged:\n%s", q.logs.String())
	}
}

// The presenter's status line counts who is waiting and who was refused.
func TestPresenterSeesRefusals(t *testing.T) {
	t.Parallel()
	ts, presKey, _ := startFollowServer(t, nil)
	pres := openTerm(t, mustDial(t, ts.addr, gossh.PublicKeys(presKey)), 160, 30)
	pres.waitOut(t, 10*time.Second, "presenting to 0 viewers")
	ts.admission.refuse(refusedQueueFull)
	ts.admission.refuse(refusedAddrQueueFull)
	pres.waitOut(t, 10*time.Second, "presenting to 0 viewers · 2 refused")
}

// A link that stops carrying data (a NAT that dropped it, a laptop asleep)
// is noticed by keepalives and its session ends, freeing the slot.
func TestKeepaliveEndsDeadLink(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true, Keepalive: 250 * time.Millisecond}, func(s *Server) { s.newModel = newFake(nil) })
	proxy, freeze := frozenProxy(t, ts.addr)
	tm := openTerm(t, mustDial(t, proxy), 80, 24)
	tm.waitOut(t, 10*time.Second, "EAEU fake")
	time.Sleep(1500 * time.Millisecond) // answered keepalives keep it
	if ts.sessionCount() != 1 {
		t.Fatal("a live session was ended")
	}
	freeze()
	waitFor(t, 5*time.Second, "the dead link's session to end", func() bool { return ts.sessionCount() == 0 })
	waitFor(t, 5*time.Second, "the reason in the log", func() bool {
		return strings.Contains(ts.logs.String(), "reason=keepalive")
	})
	waitFor(t, 5*time.Second, "its slot to be free", func() bool { return ts.openConns.Load() == 0 })
}

// frozenProxy forwards TCP to addr until freeze, after which it carries
// nothing either way and keeps the sockets open (a dropped NAT mapping).
func frozenProxy(t *testing.T, addr string) (string, func()) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	var frozen atomic.Bool
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	pipe := func(dst, src net.Conn) {
		buf := make([]byte, 32*1024)
		for {
			n, err := src.Read(buf)
			if frozen.Load() {
				<-stop // hold the bytes, as a dead link does
				return
			}
			if n > 0 {
				if _, werr := dst.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				return
			}
		}
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", addr)
			if err != nil {
				c.Close()
				return
			}
			t.Cleanup(func() { c.Close(); s.Close() })
			go pipe(s, c)
			go pipe(c, s)
		}
	}()
	return l.Addr().String(), func() { frozen.Store(true) }
}
