package serve

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui"
)

// withCouncilStory gives a follow server the embedded story and a tour.
func withCouncilStory(t *testing.T, tour time.Duration, snapshots string) func(*Server) {
	return func(s *Server) {
		st, err := data.DefaultStory(s.ds, data.StoryOptions{Views: ui.ViewNames()})
		if err != nil {
			t.Fatal(err)
		}
		s.story = st
		s.cfg.Tour = tour
		s.cfg.SnapshotDir = snapshots
	}
}

// The presenter steps through the story; followers see each stop and its
// caption; a viewer who looked around and presses f is back at the
// current stop.
func TestStoryOverSSH(t *testing.T) {
	t.Parallel()
	ts, presKey, recs := startFollowServer(t, withCouncilStory(t, 0, ""))
	pres := openTerm(t, mustDial(t, ts.addr, gossh.PublicKeys(presKey)), 120, 36)
	pr := <-recs
	fol := openTerm(t, mustDial(t, ts.addr, openAuth()), 100, 30)
	fr := <-recs
	wand := openTerm(t, mustDial(t, ts.addr, openAuth()), 100, 30)
	wr := <-recs
	pres.waitOut(t, 10*time.Second, "presenting to 2 viewers")
	stops := len(ts.story.Stops)
	s0 := pr.get().Stop // a story opens on its first stop
	fol.waitOut(t, 5*time.Second, " "+strconv.Itoa(s0)+"/"+strconv.Itoa(stops)+" ")
	pres.send(t, "n")
	waitFor(t, 5*time.Second, "the next stop on the follower", func() bool { return pr.get().Stop == s0+1 && fr.get() == pr.get() })
	fol.waitOut(t, 5*time.Second, " "+strconv.Itoa(s0+1)+"/"+strconv.Itoa(stops)+" ")
	wand.send(t, "1") // looks around
	waitFor(t, 5*time.Second, "the viewer to look around", func() bool { return wr.get() != pr.get() })
	pres.send(t, "n")
	waitFor(t, 5*time.Second, "the stop after on the follower", func() bool { return pr.get().Stop == s0+2 && fr.get() == pr.get() })
	if wr.get().Stop == s0+2 {
		t.Fatal("a viewer looking around was moved to the next stop")
	}
	wand.send(t, "f")
	waitFor(t, 5*time.Second, "f to bring the viewer to the current stop", func() bool { return wr.get() == pr.get() })
	pres.send(t, "p")
	waitFor(t, 5*time.Second, "the previous stop everywhere", func() bool {
		return pr.get().Stop == s0+1 && fr.get() == pr.get() && wr.get() == pr.get()
	})
}

// With --tour the presenter's screen advances by itself and the room
// follows it.
func TestTourOverSSH(t *testing.T) {
	t.Parallel()
	ts, presKey, recs := startFollowServer(t, withCouncilStory(t, 600*time.Millisecond, ""))
	openTerm(t, mustDial(t, ts.addr, gossh.PublicKeys(presKey)), 120, 36)
	pr := <-recs
	openTerm(t, mustDial(t, ts.addr, openAuth()), 100, 30)
	fr := <-recs
	waitFor(t, 15*time.Second, "the tour to reach stop 3 on the follower", func() bool {
		return pr.get().Stop >= 3 && fr.get().Stop >= 3
	})
}

// ctrl+s: a presenter of a server run with --snapshots saves an SVG there;
// a viewer's ctrl+s writes nothing, and without --snapshots nobody's does.
func TestSnapshotsOnlyForPresenters(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ts, presKey, _ := startFollowServer(t, withCouncilStory(t, 0, dir))
	pres := openTerm(t, mustDial(t, ts.addr, gossh.PublicKeys(presKey)), 120, 36)
	pres.waitOut(t, 10*time.Second, "presenting to 0 viewers")
	v := openTerm(t, mustDial(t, ts.addr, openAuth()), 100, 30)
	v.waitOut(t, 10*time.Second, "following alice")
	v.send(t, "\x13") // ctrl+s
	v.waitOut(t, 5*time.Second, "ctrl+s: screenshots are not saved in this session")
	pres.send(t, "\x13")
	pres.waitOut(t, 5*time.Second, "screen saved: "+dir)
	files, _ := filepath.Glob(filepath.Join(dir, "*.svg"))
	if len(files) != 1 {
		t.Fatalf("%d snapshots in the directory, want the presenter's one", len(files))
	}
	b, _ := os.ReadFile(files[0])
	if !strings.HasPrefix(string(b), "<svg") && !strings.Contains(string(b[:200]), "<svg") {
		t.Errorf("the snapshot is not an SVG: %.80q", b)
	}

	plain, presKey2, _ := startFollowServer(t, nil)
	p2 := openTerm(t, mustDial(t, plain.addr, gossh.PublicKeys(presKey2)), 120, 36)
	p2.waitOut(t, 10*time.Second, "presenting to 0 viewers")
	p2.send(t, "\x13")
	p2.waitOut(t, 5*time.Second, "ctrl+s: screenshots are not saved in this session")
}
