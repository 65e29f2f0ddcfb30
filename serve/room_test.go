package serve

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/log"
	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	gossh "golang.org/x/crypto/ssh"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui"
)

// startNATS runs an in-process NATS server with JetStream on 127.0.0.1
// (port 0: any free port), storing in dir.
func startNATS(t testing.TB, dir string, port int, tweak func(*natsserver.Options)) *natsserver.Server {
	t.Helper()
	if port == 0 {
		port = -1
	}
	opts := &natsserver.Options{Host: "127.0.0.1", Port: port, JetStream: true, StoreDir: dir, NoLog: true, NoSigs: true}
	if tweak != nil {
		tweak(opts)
	}
	ns, err := natsserver.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server did not start")
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	return ns
}

// roomKit is a room's presenter keys and the data its servers load.
type roomKit struct {
	alice, bob gossh.Signer
	keys       string
	hub        string
	room       string
}

func newRoomKit(t *testing.T, hub string) *roomKit {
	k := &roomKit{alice: newKey(t), bob: newKey(t), hub: hub, room: "r" + strings.ReplaceAll(t.Name(), "/", "_")}
	k.keys = writeKeys(t, []gossh.Signer{k.alice, k.bob}, "alice", "bob")
	return k
}

// server starts a serve instance of the room with the fake model; n
// indicators make its data (servers with other n have other data).
func (k *roomKit) server(t *testing.T, n int) *testServer {
	t.Helper()
	ds := &data.Dataset{Indicators: make([]data.Indicator, n)}
	return startServer(t, Config{Open: true, PresenterKeys: k.keys, Hub: k.hub, Room: k.room,
		Load: func() (*data.Dataset, error) { return ds, nil }}, func(s *Server) { s.newModel = newFake(nil) })
}

// join opens a session on ts: a presenter with key, a viewer without.
func (k *roomKit) join(t *testing.T, ts *testServer, key gossh.Signer) *term {
	t.Helper()
	auth := openAuth()
	if key != nil {
		auth = gossh.PublicKeys(key)
	}
	return openTerm(t, mustDial(t, ts.addr, auth), 220, 10)
}

// waitSince waits for subs in what tm received after mark bytes.
func (tm *term) waitSince(t testing.TB, mark int, timeout time.Duration, subs ...string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		out := tm.out.String()[mark:]
		missing := ""
		for _, s := range subs {
			if !strings.Contains(out, s) {
				missing = s
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %q; last 400 bytes:\n%q", missing, tail(out, 400))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (tm *term) mark() int { return len(tm.out.String()) }

// Two servers, one briefing: a viewer on either follows a presenter on
// either, from before the presenter arrives; the presenter counts the
// whole room; a server that goes silent leaves the totals.
func TestRoomFollowAcrossServers(t *testing.T) {
	t.Parallel()
	ns := startNATS(t, t.TempDir(), 0, nil)
	k := newRoomKit(t, ns.ClientURL())
	a, b := k.server(t, 1), k.server(t, 1)

	early := k.join(t, b, nil)
	early.waitOut(t, 10*time.Second, `role=2 presenter=""`)

	pres := k.join(t, a, k.alice)
	pres.waitOut(t, 10*time.Second, "role=1")
	early.waitOut(t, 10*time.Second, `role=2 presenter="alice"`)
	onA := k.join(t, a, nil)
	onB := k.join(t, b, nil)
	// 1 viewer here, 2 on the other server.
	pres.waitOut(t, 10*time.Second, "viewers=3 state=0")

	pres.send(t, "n")
	for _, v := range []*term{early, onA, onB} {
		v.waitOut(t, 10*time.Second, `presenter="alice" viewers=0 state=1`)
	}
	pres.send(t, "nn")
	for _, v := range []*term{early, onA, onB} {
		v.waitOut(t, 10*time.Second, `state=3`)
	}
	// Counts change across the room: a viewer leaves the other server.
	onB.send(t, "q")
	onB.waitExit(t, 10*time.Second)
	pres.waitOut(t, 10*time.Second, "viewers=2 state=3")

	// The other server goes silent without a goodbye (a crash): within a
	// few seconds its viewer leaves the presenter's totals.
	b.room.cancel()
	<-b.room.done
	b.room.nc.Close()
	mark := pres.mark()
	pres.waitSince(t, mark, 10*time.Second, "viewers=1 state=3")
	waitFor(t, 5*time.Second, "the silence logged", func() bool {
		return strings.Contains(a.logs.String(), "a server of the room went silent")
	})
}

// The latest presenter leads on every server; when they leave, the
// earlier one, on another server, leads again from where they are.
func TestRoomLatestPresenterAcrossServers(t *testing.T) {
	t.Parallel()
	ns := startNATS(t, t.TempDir(), 0, nil)
	k := newRoomKit(t, ns.ClientURL())
	a, b := k.server(t, 1), k.server(t, 1)

	alice := k.join(t, a, k.alice)
	alice.waitOut(t, 10*time.Second, "role=1")
	vA, vB := k.join(t, a, nil), k.join(t, b, nil)
	alice.send(t, "n")
	vB.waitOut(t, 10*time.Second, `presenter="alice" viewers=0 state=1`)

	bob := k.join(t, b, k.bob)
	bob.waitOut(t, 10*time.Second, "role=1")
	for _, v := range []*term{vA, vB, alice} {
		v.waitOut(t, 10*time.Second, `role=2 presenter="bob"`)
	}
	bob.send(t, "nnnn") // the fake model starts at 0
	for _, v := range []*term{vA, vB, alice} {
		v.waitOut(t, 10*time.Second, `presenter="bob" viewers=0 state=4`)
	}
	// Bob counts the room: vA, vB and alice follow.
	bob.waitOut(t, 10*time.Second, "role=1 presenter=\"bob\" viewers=3")
	if !strings.Contains(a.logs.String(), "a presenter on another server leads presenter=bob") {
		t.Errorf("server a did not log the takeover:\n%s", a.logs.String())
	}

	mark := alice.mark()
	bob.send(t, "q")
	bob.waitExit(t, 10*time.Second)
	alice.waitSince(t, mark, 10*time.Second, `role=1 presenter="alice"`)
	alice.send(t, "n")
	for _, v := range []*term{vA, vB} {
		v.waitOut(t, 10*time.Second, `presenter="alice" viewers=0 state=5`)
	}
}

// A server that starts after the presenter left starts where the
// briefing stood (the JetStream bucket); so does its first viewer.
func TestRoomStoredScreenForAFreshServer(t *testing.T) {
	t.Parallel()
	ns := startNATS(t, t.TempDir(), 0, nil)
	k := newRoomKit(t, ns.ClientURL())
	a := k.server(t, 1)
	pres := k.join(t, a, k.alice)
	pres.waitOut(t, 10*time.Second, "role=1")
	pres.send(t, "nnn")
	pres.waitOut(t, 10*time.Second, "state=3")
	// The bucket has the screen.
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	waitFor(t, 10*time.Second, "the screen in the bucket", func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		kv, err := js.KeyValue(ctx, "eaeu-dash-"+k.room)
		if err != nil {
			return false
		}
		e, err := kv.Get(ctx, "screen")
		return err == nil && strings.Contains(string(e.Value()), `"name":"alice"`) && strings.Contains(string(e.Value()), fmt.Sprintf(`"View":%d`, stateN(3).View))
	})
	pres.send(t, "q")
	pres.waitExit(t, 10*time.Second)
	a.hub.mu.Lock()
	a.hub.mu.Unlock()

	fresh := k.server(t, 1)
	if !strings.Contains(fresh.logs.String(), "the briefing stands where it was left") {
		t.Errorf("the fresh server did not read the stored screen:\n%s", fresh.logs.String())
	}
	v := k.join(t, fresh, nil)
	v.waitOut(t, 10*time.Second, `role=2 presenter="" viewers=0 state=3`)
}

// Servers with other data: logged, and the presenter is told how many.
func TestRoomDatasetMismatch(t *testing.T) {
	t.Parallel()
	ns := startNATS(t, t.TempDir(), 0, nil)
	k := newRoomKit(t, ns.ClientURL())
	a, _, c := k.server(t, 2), k.server(t, 2), k.server(t, 3)
	pres := k.join(t, a, k.alice)
	pres.waitOut(t, 10*time.Second, "role=1", "servers=1/3 ")
	waitFor(t, 5*time.Second, "the mismatch logged", func() bool {
		return strings.Contains(a.logs.String(), "1 of 3 servers have other data than this one")
	})
	if !strings.Contains(c.logs.String(), "2 of 3 servers have other data than this one") {
		t.Errorf("the odd server did not log the mismatch:\n%s", c.logs.String())
	}
}

// The hub restarts mid-briefing: each server goes on alone (followers on
// the other server keep the last screen and read that the presenter is
// unreachable), both reconnect by themselves, and following resumes.
func TestRoomHubRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ns := startNATS(t, dir, 0, nil)
	k := newRoomKit(t, ns.ClientURL())
	a, b := k.server(t, 1), k.server(t, 1)
	pres := k.join(t, a, k.alice)
	pres.waitOut(t, 10*time.Second, "role=1")
	vA, vB := k.join(t, a, nil), k.join(t, b, nil)
	pres.send(t, "nn")
	vB.waitOut(t, 10*time.Second, `presenter="alice" viewers=0 state=2`)

	hubPort := ns.Addr().(interface{ String() string }).String()
	_, p, _ := strings.Cut(hubPort, "127.0.0.1:")
	ns.Shutdown()
	ns.WaitForShutdown()
	vB.waitOut(t, 10*time.Second, `presenter="alice" viewers=0 state=2 `, "lost=true.")
	// The presenter's own server goes on: its viewer still follows.
	pres.send(t, "n")
	vA.waitOut(t, 10*time.Second, "state=3")
	for _, ts := range []*testServer{a, b} {
		if !strings.Contains(ts.logs.String(), "hub lost; this server goes on alone") {
			t.Errorf("the loss is not logged:\n%s", ts.logs.String())
		}
	}

	var portN int
	fmt.Sscan(p, &portN)
	mark := vB.mark()
	startNATS(t, dir, portN, nil)
	vB.waitSince(t, mark, 20*time.Second, `presenter="alice" viewers=0 state=3`, "lost=false.")
	pres.send(t, "n")
	vB.waitOut(t, 10*time.Second, "state=4")
	for _, ts := range []*testServer{a, b} {
		waitFor(t, 5*time.Second, "the reconnection logged", func() bool {
			return strings.Contains(ts.logs.String(), "hub reconnected")
		})
	}
}

// The hub's credentials come from a file and never reach the log; a URL
// with credentials is refused without repeating them; a hub that cannot
// be reached stops the server at start with its address and the reason.
func TestRoomCredentialsAndFailures(t *testing.T) {
	t.Parallel()
	user, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	seed, _ := user.Seed()
	pub, _ := user.PublicKey()
	ns := startNATS(t, t.TempDir(), 0, func(o *natsserver.Options) {
		o.Nkeys = []*natsserver.NkeyUser{{Nkey: pub}}
	})
	seedFile := filepath.Join(t.TempDir(), "hub.nk")
	if err := os.WriteFile(seedFile, append(seed, '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	keys := writeKeys(t, []gossh.Signer{newKey(t)}, "alice")

	logs := &syncBuffer{}
	cfg := Config{Open: true, PresenterKeys: keys, Hub: ns.ClientURL(), HubCreds: seedFile,
		Logger: log.NewWithOptions(logs, log.Options{Level: log.DebugLevel})}
	ts := startServer(t, cfg, nil)
	_ = ts
	waitFor(t, 5*time.Second, "the hub joined", func() bool { return strings.Contains(logs.String(), "hub joined") })
	if strings.Contains(logs.String(), string(seed)) || strings.Contains(logs.String(), string(seed[:12])) {
		t.Fatalf("the seed reached the log:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "auth=\"nkey from "+seedFile+"\"") {
		t.Errorf("the log does not say where the credentials came from:\n%s", logs.String())
	}

	// Without the credentials the hub refuses, and so does the server.
	bad := Config{Open: true, PresenterKeys: keys, Hub: ns.ClientURL(), HostKeyPath: filepath.Join(t.TempDir(), "k"), Load: emptyData,
		Logger: log.NewWithOptions(&syncBuffer{}, log.Options{})}
	if _, err := New(bad); err == nil || !strings.Contains(err.Error(), "cannot reach the hub at "+ns.ClientURL()) ||
		!strings.Contains(strings.ToLower(err.Error()), "authorization") {
		t.Errorf("no credentials: %v", err)
	}

	// Credentials in the URL: refused, not repeated.
	bad.Hub = "nats://alice:s3cret-pass@127.0.0.1:4222"
	if _, err := New(bad); err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "--hub-creds FILE") {
		t.Errorf("credentials in the URL: %v", err)
	}
	bad.Hub = "http://127.0.0.1:4222"
	if _, err := New(bad); err == nil || !strings.Contains(err.Error(), "nats:// or tls://") {
		t.Errorf("an http URL: %v", err)
	}

	// Nothing listens: the server does not start, and says where and why.
	url := "nats://" + closedPort(t)
	bad.Hub = url
	if _, err := New(bad); err == nil || !strings.Contains(err.Error(), "cannot reach the hub at "+url) ||
		!strings.Contains(err.Error(), "connection refused") {
		t.Errorf("an unreachable hub: %v", err)
	}
}

// ui.State crosses the hub as JSON: every field, whatever fields it has
// today, must survive the trip.
func TestStateSurvivesJSON(t *testing.T) {
	var st ui.State
	v := reflect.ValueOf(&st).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if !f.CanSet() {
			t.Fatalf("ui.State.%s is unexported: it would not cross the hub", v.Type().Field(i).Name)
		}
		switch {
		case f.CanInt():
			f.SetInt(int64(-3 - i))
		case f.CanUint():
			f.SetUint(uint64(3 + i))
		case f.CanFloat():
			f.SetFloat(float64(i) + 0.25)
		case f.Kind() == reflect.Bool:
			f.SetBool(true)
		case f.Kind() == reflect.String:
			f.SetString(fmt.Sprintf("трава \"%d\"\x1b", i))
		default:
			t.Fatalf("ui.State.%s (%s): check that it crosses the hub as JSON", v.Type().Field(i).Name, f.Kind())
		}
	}
	b, err := json.Marshal(roomMsg{State: &st})
	if err != nil {
		t.Fatal(err)
	}
	var back roomMsg
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.State == nil || *back.State != st {
		t.Fatalf("round trip: %+v, want %+v", back.State, st)
	}
}

// Nothing a viewer types reaches the hub: what crosses it is the
// presenter's State, the presenter's name, counts and the data's
// fingerprint, whatever a viewer does.
func TestRoomViewersDoNotReachTheHub(t *testing.T) {
	t.Parallel()
	ns := startNATS(t, t.TempDir(), 0, nil)
	k := newRoomKit(t, ns.ClientURL())
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	var msgs syncBuffer
	sub, err := nc.Subscribe("eaeu-dash.room."+k.room, func(m *nats.Msg) { msgs.Write(append(m.Data, '\n')) })
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	_ = nc.Flush()

	a := k.server(t, 1)
	pres := k.join(t, a, k.alice)
	pres.waitOut(t, 10*time.Second, "role=1")
	c, err := dial(a.addr, "mallory-the-viewer", openAuth())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	v := openTerm(t, c, 220, 10)
	v.waitOut(t, 10*time.Second, `presenter="alice"`)
	v.send(t, "nnnnnnnnn") // the fake publishes the viewer's own state 9
	v.waitOut(t, 10*time.Second, "state=9")
	pres.send(t, "n")
	waitFor(t, 10*time.Second, "the presenter's state on the hub", func() bool {
		return strings.Contains(msgs.String(), fmt.Sprintf(`"state":{"View":%d`, stateN(1).View))
	})
	time.Sleep(2 * roomHeartbeat) // heartbeats too
	for _, line := range strings.Split(strings.TrimSpace(msgs.String()), "\n") {
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		var m roomMsg
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("a message that is not a roomMsg: %v\n%s", err, line)
		}
		if m.State != nil && *m.State == stateN(9) {
			t.Fatalf("the viewer's state reached the hub: %s", line)
		}
		if strings.Contains(line, "mallory") {
			t.Fatalf("the viewer's name reached the hub: %s", line)
		}
	}
}

// With the real dashboard on two servers: a follower on the other server
// follows, detaches by navigating, is not moved while it looks around,
// and f brings it back to the presenter's screen.
func TestRoomDetachAndFollowRealUI(t *testing.T) {
	t.Parallel()
	ns := startNATS(t, t.TempDir(), 0, nil)
	k := newRoomKit(t, ns.ClientURL())
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	recs := make(chan *stateRec, 4)
	real := func() *testServer {
		return startServer(t, Config{Open: true, PresenterKeys: k.keys, Hub: k.hub, Room: k.room,
			Load: func() (*data.Dataset, error) { return ds, nil }}, func(s *Server) {
			s.newModel = func(ds *data.Dataset, o ui.Options) tea.Model {
				r := &stateRec{}
				recs <- r
				return observed{ui.New(ds, o), r}
			}
		})
	}
	a, b := real(), real()
	pres := openTerm(t, mustDial(t, a.addr, gossh.PublicKeys(k.alice)), 120, 36)
	pres.waitOut(t, 10*time.Second, "EAEU cooperation indicators")
	pr := <-recs
	fol := openTerm(t, mustDial(t, b.addr, openAuth()), 100, 30)
	fol.waitOut(t, 10*time.Second, "following alice")
	fr := <-recs
	same := func() bool { return fr.get() == pr.get() }

	pres.send(t, "3")
	waitFor(t, 10*time.Second, "the follower on the other server on the table", func() bool { return same() && pr.get().View == ui.ViewTable })
	fol.send(t, "1") // looks around
	waitFor(t, 5*time.Second, "the follower to move on its own", func() bool { return fr.get().View == ui.ViewOverview })
	pres.send(t, "2")
	waitFor(t, 5*time.Second, "the presenter to move", func() bool { return pr.get().View == ui.ViewCharts })
	time.Sleep(500 * time.Millisecond) // a heartbeat and more
	if fr.get().View != ui.ViewOverview {
		t.Errorf("a follower looking around was moved by the presenter on the other server (view %v)", fr.get().View)
	}
	fol.waitOut(t, 5*time.Second, "f follows alice again")
	fol.send(t, "f")
	waitFor(t, 5*time.Second, "the follower back on the presenter's screen", same)
	pres.waitOut(t, 10*time.Second, "presenting to 1 viewer")
}

// tls:// is TLS: a hub whose certificate this machine does not trust is
// refused at start, with the address and the certificate error (a private
// CA is added with SSL_CERT_FILE, as for any Go program).
func TestRoomTLSHubIsVerified(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "hub"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(priv)
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	tc, err := natsserver.GenTLSConfig(&natsserver.TLSConfigOpts{CertFile: certFile, KeyFile: keyFile})
	if err != nil {
		t.Fatal(err)
	}
	ns := startNATS(t, t.TempDir(), 0, func(o *natsserver.Options) { o.TLSConfig, o.TLS = tc, true })
	hub := strings.Replace(ns.ClientURL(), "nats://", "tls://", 1)
	cfg := Config{Open: true, PresenterKeys: writeKeys(t, []gossh.Signer{newKey(t)}), Hub: hub,
		HostKeyPath: filepath.Join(dir, "hk"), Load: emptyData, Logger: log.NewWithOptions(&syncBuffer{}, log.Options{})}
	_, err = New(cfg)
	if err == nil || !strings.Contains(err.Error(), "cannot reach the hub at "+hub) || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("a hub with an untrusted certificate: %v", err)
	}
}

// The fingerprint is the content, not where it came from; a storyboard is
// part of it.
func TestContentFingerprint(t *testing.T) {
	a, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	b, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	b.Files = []string{"/elsewhere/eaeu.json"}
	if contentFingerprint(a, nil) != contentFingerprint(b, nil) {
		t.Errorf("the same data loaded twice, or from elsewhere, has another fingerprint")
	}
	s1 := &data.Story{Title: data.Text{"en": "One"}, File: "/a"}
	s2 := &data.Story{Title: data.Text{"en": "One"}, File: "/b"}
	s3 := &data.Story{Title: data.Text{"en": "Two"}}
	if contentFingerprint(a, s1) != contentFingerprint(a, s2) {
		t.Errorf("the same storyboard from another file has another fingerprint")
	}
	if contentFingerprint(a, s1) == contentFingerprint(a, s3) || contentFingerprint(a, nil) == contentFingerprint(a, s1) {
		t.Errorf("another storyboard has the same fingerprint")
	}
	b.Indicators = b.Indicators[1:]
	if contentFingerprint(a, nil) == contentFingerprint(b, nil) {
		t.Errorf("other data has the same fingerprint")
	}
}

// TestRoomNames: --room becomes part of NATS subjects and a bucket's name,
// so only letters, digits, - and _ (1 to 64) are taken.
func TestRoomNames(t *testing.T) {
	for name, ok := range map[string]bool{
		"briefing": true, "council-2024_12": true, "A": true, strings.Repeat("x", 64): true,
		"": false, strings.Repeat("x", 65): false, "a.b": false, "a b": false, "a*": false,
		"a>": false, "совет": false, "x\n": false,
	} {
		if got := validRoomName(name); got != ok {
			t.Errorf("validRoomName(%q) = %v, want %v", name, got, ok)
		}
	}
}

// closedPort is a loopback address where nothing listens and nothing else
// can start listening while the test runs: a TCP socket bound to it but
// never listening, so a connection is refused. (A server shut down for
// the purpose frees its port for any other test or process on the
// machine; one did, and the hub's error read "connection reset by peer".)
func closedPort(t *testing.T) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("127.0.0.1:%d", sa.(*syscall.SockaddrInet4).Port)
}
