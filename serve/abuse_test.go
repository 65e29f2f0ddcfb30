package serve

import (
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// A client cannot make the server draw (and allocate) a frame of any size
// it claims.
func TestHugeWindowIsClamped(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true}, func(s *Server) { s.newModel = newFake(nil) })
	c := mustDial(t, ts.addr)
	tm := openTerm(t, c, 200, 10)
	tm.waitOut(t, 10*time.Second, "size=200x10")
	// window-change: width, height, pixel width, pixel height.
	payload := gossh.Marshal(struct{ W, H, PW, PH uint32 }{1 << 30, 1 << 30, 0, 0})
	if _, err := tm.sess.SendRequest("window-change", false, payload); err != nil {
		t.Fatal(err)
	}
	tm.waitOut(t, 10*time.Second, "size=1000x500")
}

// One connection cannot open sessions without bound.
func TestChannelsPerConnection(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true}, nil)
	c := mustDial(t, ts.addr)
	var open []*gossh.Session
	for i := range maxChannelsPerConn {
		s, err := c.NewSession()
		if err != nil {
			t.Fatalf("session %d of %d: %v", i+1, maxChannelsPerConn, err)
		}
		open = append(open, s)
	}
	if s, err := c.NewSession(); err == nil {
		s.Close()
		t.Fatalf("session %d on one connection was accepted", maxChannelsPerConn+1)
	}
	open[0].Close()
	waitFor(t, 5*time.Second, "a freed place", func() bool {
		s, err := c.NewSession()
		if err == nil {
			s.Close()
		}
		return err == nil
	})
}

// Only the environment variables the dashboard reads are kept, and only
// a few of them.
func TestEnvRequestsBounded(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true}, nil)
	c := mustDial(t, ts.addr)
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Setenv("LANG", "ru_RU.UTF-8"); err != nil {
		t.Errorf("LANG refused: %v", err)
	}
	if err := s.Setenv("LD_PRELOAD", "/tmp/x.so"); err == nil {
		t.Error("LD_PRELOAD accepted")
	}
	refused := 0
	for range 2 * maxEnvPerChannel {
		if s.Setenv("COLORTERM", "truecolor") != nil {
			refused++
		}
	}
	if refused == 0 {
		t.Error("env requests are not bounded")
	}
}
