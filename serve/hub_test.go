package serve

import (
	"fmt"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// roleLine is what fakeModel shows for a role.
func roleLine(role int, presenter string) string {
	return fmt.Sprintf("role=%d presenter=%q", role, presenter)
}

func stateLine(n int) string { return fmt.Sprintf("state=%d banner", n) }

func TestPresenterLeadsFollowers(t *testing.T) {
	t.Parallel()
	alice, bob := newKey(t), newKey(t)
	ts := startServer(t, Config{Open: true, PresenterKeys: writeKeys(t, []gossh.Signer{alice, bob}, "alice", "bob")},
		func(s *Server) { s.newModel = newFake(nil) })

	pres := openTerm(t, mustDial(t, ts.addr, gossh.PublicKeys(alice)), 200, 10)
	pres.waitOut(t, 10*time.Second, roleLine(1, "alice")+" viewers=0")

	f1 := openTerm(t, mustDial(t, ts.addr, openAuth()), 200, 10)
	f1.waitOut(t, 10*time.Second, roleLine(2, "alice"))
	pres.waitOut(t, 10*time.Second, "viewers=1")

	// The presenter moves; the follower follows.
	pres.send(t, "nnn")
	pres.waitOut(t, 10*time.Second, stateLine(3))
	f1.waitOut(t, 10*time.Second, stateLine(3))

	// A new follower starts where the presenter is.
	f2 := openTerm(t, mustDial(t, ts.addr, openAuth()), 200, 10)
	f2.waitOut(t, 10*time.Second, roleLine(2, "alice"), stateLine(3))
	pres.waitOut(t, 10*time.Second, "viewers=2")

	// A follower moving on its own does not move anyone else, and it is
	// brought back by the presenter's next move.
	f1.send(t, "n")
	f1.waitOut(t, 10*time.Second, stateLine(4))
	time.Sleep(200 * time.Millisecond)
	if strings.Contains(pres.out.String(), stateLine(4)) || strings.Contains(f2.out.String(), stateLine(4)) {
		t.Fatal("a follower's move reached others")
	}
	pres.send(t, "nn")
	f1.waitOut(t, 10*time.Second, stateLine(5))
	f2.waitOut(t, 10*time.Second, stateLine(5))

	// A second presenter takes over; the first one follows.
	p2 := openTerm(t, mustDial(t, ts.addr, gossh.PublicKeys(bob)), 200, 10)
	p2.waitOut(t, 10*time.Second, roleLine(1, "bob")+" viewers=3")
	pres.waitOut(t, 10*time.Second, roleLine(2, "bob"))
	f1.waitOut(t, 10*time.Second, roleLine(2, "bob"), stateLine(0))
	if !strings.Contains(ts.logs.String(), "presenter takes over") {
		t.Error("the takeover is not logged")
	}

	// Bob leaves: alice leads again from where she is (0, following bob).
	p2.sess.Close()
	pres.waitOut(t, 10*time.Second, roleLine(1, "alice")+" viewers=2")

	// Alice moves, then leaves: followers are told and stay where they are.
	pres.send(t, "nnnnnnn")
	f2.waitOut(t, 10*time.Second, stateLine(7))
	pres.send(t, "q")
	pres.waitExit(t, 10*time.Second)
	f1.waitOut(t, 10*time.Second, roleLine(2, "")+" viewers=0 "+stateLine(7))
	f2.waitOut(t, 10*time.Second, roleLine(2, "")+" viewers=0 "+stateLine(7))

	// Late arrivals join where the briefing stopped.
	f3 := openTerm(t, mustDial(t, ts.addr, openAuth()), 200, 10)
	f3.waitOut(t, 10*time.Second, roleLine(2, "")+" viewers=0 "+stateLine(7))
}

func TestWithoutPresenterKeysSessionsAreIndependent(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true}, func(s *Server) { s.newModel = newFake(nil) })
	a := openTerm(t, mustDial(t, ts.addr), 200, 10)
	b := openTerm(t, mustDial(t, ts.addr), 200, 10)
	a.waitOut(t, 10*time.Second, roleLine(0, "")+" viewers=0 "+stateLine(0))
	b.waitOut(t, 10*time.Second, roleLine(0, "")+" viewers=0 "+stateLine(0))
	a.send(t, "nn")
	a.waitOut(t, 10*time.Second, stateLine(2))
	time.Sleep(200 * time.Millisecond)
	if strings.Contains(b.out.String(), stateLine(2)) {
		t.Error("without presenter keys one session moved another")
	}
}

// A presenter key also lets its holder in when access is by authorized keys.
func TestPresenterKeyIsAuthorized(t *testing.T) {
	t.Parallel()
	viewer, pres := newKey(t), newKey(t)
	ts := startServer(t, Config{
		AuthorizedKeys: writeKeys(t, []gossh.Signer{viewer}),
		PresenterKeys:  writeKeys(t, []gossh.Signer{pres}, "host"),
	}, func(s *Server) { s.newModel = newFake(nil) })
	p := openTerm(t, mustDial(t, ts.addr, gossh.PublicKeys(pres)), 200, 10)
	p.waitOut(t, 10*time.Second, roleLine(1, "host"))
	v := openTerm(t, mustDial(t, ts.addr, gossh.PublicKeys(viewer)), 200, 10)
	v.waitOut(t, 10*time.Second, roleLine(2, "host"))
}

func TestDisplayName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"alice":                     "alice",
		"evil\x1b[2J\x1b]0;pwn\x07": "evil[2J]0;pwn",
		"  \t\n":                    "presenter",
		strings.Repeat("я", 50):     strings.Repeat("я", 32),
	} {
		if got := displayName(in); got != want {
			t.Errorf("displayName(%q) = %q, want %q", in, got, want)
		}
	}
}
