package serve

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/log"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui"
)

// A room is one briefing served by several servers (--hub, --room). The
// hub stays in each process and does all the work it does for one
// server; the room only carries, over NATS, what the servers must agree
// on. Every server publishes on one subject, eaeu-dash.room.NAME, a
// message (roomMsg) when its presenter's screen or lead changes and as a
// heartbeat every roomHeartbeat:
//
//   - its candidate: its latest presenter's lead epoch and name (the
//     room's leader is the latest candidate of all, hub.settleLocked);
//   - while it leads the room, the presenter's State (the only thing a
//     session's input can change that leaves the process) and how long
//     ago the presenter typed (the followers' idle clock);
//   - its counts (following, looking around, waiting, refused) and its
//     dataset's fingerprint.
//
// A server not heard from for roomExpire drops out: its counts leave the
// totals, and if its presenter led, the followers elsewhere keep the
// last screen and read "presenter unreachable" until a presenter leads
// again or that server is heard from without that presenter. The last screen is also
// kept in a JetStream key-value bucket (eaeu-dash-NAME, key "screen"),
// so that a server that starts or restarts while no presenter is
// connected starts where the briefing stood. Without JetStream a new
// server learns the screen from the leading server's next heartbeat, and
// only while a presenter leads.

// Timing of the room; variables so that tests may shorten them.
var (
	roomHeartbeat = time.Second
	roomExpire    = 3500 * time.Millisecond
)

const roomMsgVersion = 1

// roomMsg is what one server tells the others.
type roomMsg struct {
	V   int    `json:"v"`
	ID  string `json:"id"`
	Seq uint64 `json:"seq"`
	// Lead is this server's latest presenter, nil when it has none.
	Lead *wireLead `json:"lead,omitempty"`
	// State is the screen of the room's leader, from its server only.
	State *ui.State `json:"state,omitempty"`
	// IdleMS is how long ago the leader typed (with State).
	IdleMS int64       `json:"idle_ms,omitempty"`
	Counts ui.Audience `json:"counts"`
	Data   string      `json:"data"`
	// Bye: the server is shutting down (it drops out at once).
	Bye bool `json:"bye,omitempty"`
}

type wireLead struct {
	Epoch int64  `json:"epoch"`
	Name  string `json:"name"`
}

// screenRecord is the key-value bucket's "screen".
type screenRecord struct {
	Epoch int64    `json:"epoch"`
	Name  string   `json:"name"`
	State ui.State `json:"state"`
}

// validRoomName reports whether name is 1 to 64 of A-Z, a-z, 0-9, _ and -
// (it becomes part of NATS subjects and a bucket's name). A loop, not a
// regular expression compiled at package initialisation: {1,64} expands
// to hundreds of allocations on every start of the binary (BENCHMARKS.md,
// "Start-up").
func validRoomName(name string) bool {
	if len(name) < 1 || len(name) > 64 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// DefaultRoom is the --room of servers that do not name one.
const DefaultRoom = "briefing"

// checkHubURL refuses what nats.go would take but we must not: schemes
// other than nats:// and tls://, and credentials in the URL (they would
// show in ps, the shell's history and the log).
func checkHubURL(hub string) error {
	for _, one := range strings.Split(hub, ",") {
		u, err := url.Parse(strings.TrimSpace(one))
		if err != nil || u.Host == "" {
			return fmt.Errorf("--hub %q is not a URL such as nats://127.0.0.1:4222", redactURL(one))
		}
		if u.User != nil {
			return errors.New("--hub: no credentials in the URL (ps and the shell history would show them): put them in a file and pass --hub-creds FILE")
		}
		if u.Scheme != "nats" && u.Scheme != "tls" {
			return fmt.Errorf("--hub %s: the scheme must be nats:// or tls://", u.Redacted())
		}
	}
	return nil
}

// redactURL drops anything that could be a credential from a string that
// failed to parse.
func redactURL(s string) string {
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		return "…@" + s[i+1:]
	}
	return s
}

// credsOption reads a credentials file: a user credentials file (JWT and
// nkey seed, from nsc) or an nkey seed file. Neither the content nor a
// part of it is ever logged.
func credsOption(path string) (nats.Option, string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, "", fmt.Errorf("--hub-creds: %w", err)
	}
	defer clear(b)
	switch {
	case strings.Contains(string(b), "BEGIN NATS USER JWT"):
		return nats.UserCredentials(path), "user credentials", nil
	case strings.Contains(string(b), "SU"):
		opt, err := nats.NkeyOptionFromSeed(path)
		if err != nil {
			// nats.go's errors do not quote the seed; ours name the file only.
			return nil, "", fmt.Errorf("--hub-creds %s: not a usable nkey seed file", path)
		}
		return opt, "nkey", nil
	}
	return nil, "", fmt.Errorf("--hub-creds %s: neither a NATS user credentials file nor an nkey seed file", path)
}

// contentFingerprint identifies what the viewers are shown, the dataset's
// content (not where it was loaded from) and the storyboard, if any:
// servers of one room compare theirs. Computed once per load.
func contentFingerprint(ds *data.Dataset, story *data.Story) string {
	h := sha256.New()
	fmt.Fprintf(h, "%v\x00%v\x00%v\x00%v\x00%v\x00%v\x00%v\x00%v",
		ds.Title, ds.Description, ds.Updated, ds.Sources, ds.Entities, ds.Indicators, ds.Events, ds.Notes)
	if story != nil {
		fmt.Fprintf(h, "\x00story %v\x00%v", story.Title, story.Stops)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// room is this server's link to the others.
type room struct {
	h       *hub
	log     *log.Logger
	id      string
	name    string
	subject string
	nc      *nats.Conn
	sub     *nats.Subscription
	kv      jetstream.KeyValue // nil without JetStream

	wake   chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu       sync.Mutex
	seq      uint64
	data     string
	up       bool
	peers    map[string]*peer
	leadFrom string // the instance whose lead this server follows, for "unreachable"
	mismatch string // the last mismatch logged
	stored   *ui.State
}

type peer struct {
	seen time.Time
	msg  roomMsg
}

// joinRoom connects to the hub (refusing to start when it cannot be
// reached), reads where the briefing stands and starts the heartbeat.
func joinRoom(h *hub, logger *log.Logger, hubURL, name, creds, fingerprint string) (*room, error) {
	r := &room{
		h: h, log: logger, id: nuid.Next(), name: name, subject: "eaeu-dash.room." + name,
		wake: make(chan struct{}, 1), done: make(chan struct{}), data: fingerprint,
		peers: map[string]*peer{}, up: true,
	}
	r.ctx, r.cancel = context.WithCancel(context.Background())
	// Before the subscription: a message may arrive at once.
	h.mu.Lock()
	h.link = r
	h.mu.Unlock()
	ok := false
	defer func() {
		if !ok {
			r.cancel()
		}
	}()
	opts := []nats.Option{
		nats.Name("eaeu-dash " + name + " " + r.id),
		nats.Timeout(5 * time.Second),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(500 * time.Millisecond),
		nats.ReconnectJitter(100*time.Millisecond, time.Second),
		// Nothing is kept to send after a reconnection: what was true
		// while cut off (a presenter who left since, an old screen) would
		// reach the room late and lead it astray; the next heartbeat says
		// how things stand now.
		nats.ReconnectBufSize(-1),
		nats.PingInterval(2 * time.Second),
		nats.MaxPingsOutstanding(2),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if r.ctx.Err() != nil {
				return
			}
			logger.Warn("hub lost; this server goes on alone and reconnects", "room", name, "err", errText(err))
			r.setUp(false)
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			logger.Info("hub reconnected", "room", name, "hub", nc.ConnectedUrlRedacted())
			r.setUp(true)
		}),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			logger.Warn("hub error", "room", name, "err", errText(err))
		}),
	}
	auth := "none"
	if creds != "" {
		opt, kind, err := credsOption(creds)
		if err != nil {
			return nil, err
		}
		opts = append(opts, opt)
		auth = kind + " from " + creds
	}
	nc, err := nats.Connect(hubURL, opts...)
	if err != nil {
		return nil, fmt.Errorf("cannot reach the hub at %s: %w", hubURL, dialReason(hubURL, err))
	}
	r.nc = nc
	if r.sub, err = nc.Subscribe(r.subject, r.receive); err != nil {
		nc.Close()
		return nil, fmt.Errorf("hub %s: subscribe: %w", hubURL, err)
	}
	js := "on"
	if err := r.openBucket(); err != nil {
		js = "off"
		logger.Warn("no JetStream on the hub: a server that starts while no presenter leads starts at the overview (start nats-server with -js)", "room", name, "err", errText(err))
	}
	logger.Info("hub joined", "hub", nc.ConnectedUrlRedacted(), "room", name, "server", r.id, "auth", auth, "jetstream", js, "data", r.data)
	ok = true
	go r.loop()
	return r, nil
}

// dialReason adds why a TCP connection to the hub fails ("connection
// refused", "i/o timeout") to nats.go's "no servers available", which
// does not say.
func dialReason(hubURL string, err error) error {
	if !errors.Is(err, nats.ErrNoServers) {
		return err
	}
	u, perr := url.Parse(strings.TrimSpace(strings.Split(hubURL, ",")[0]))
	if perr != nil {
		return err
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "4222")
	}
	c, derr := net.DialTimeout("tcp", host, 2*time.Second)
	if derr != nil {
		var op *net.OpError
		if errors.As(derr, &op) && op.Err != nil {
			derr = op.Err
		}
		return fmt.Errorf("%w: %v", err, derr)
	}
	c.Close()
	return err
}

func errText(err error) string {
	if err == nil {
		return "closed"
	}
	return err.Error()
}

// openBucket opens (or makes) the room's bucket and reads the last screen.
func (r *room) openBucket() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	js, err := jetstream.New(r.nc)
	if err != nil {
		return err
	}
	bucket := "eaeu-dash-" + r.name
	kv, err := js.KeyValue(ctx, bucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		kv, err = js.CreateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: bucket, History: 1, Description: "eaeu-dash: where the briefing stands"})
	}
	if err != nil {
		return err
	}
	r.kv = kv
	e, err := kv.Get(ctx, "screen")
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	var rec screenRecord
	if err := json.Unmarshal(e.Value(), &rec); err != nil {
		r.log.Warn("the stored screen is unreadable; starting at the overview", "room", r.name, "err", err)
		return nil
	}
	r.stored = &rec.State
	r.h.restore(rec.State, rec.Epoch)
	r.log.Info("the briefing stands where it was left", "room", r.name, "presenter", rec.Name)
	return nil
}

// self implements roomLink.
func (r *room) self() string { return r.id }

// leadChanged implements roomLink: the next message goes now.
func (r *room) leadChanged() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

func (r *room) setData(fp string) {
	r.mu.Lock()
	r.data = fp
	r.mu.Unlock()
	r.leadChanged()
	r.apply(false)
}

func (r *room) setUp(up bool) {
	r.mu.Lock()
	r.up = up
	if !up {
		clear(r.peers)
	}
	r.mu.Unlock()
	r.apply(!up)
	if up {
		r.leadChanged()
	}
}

// loop sends this server's message on every change and every heartbeat,
// and drops the servers that went silent.
func (r *room) loop() {
	defer close(r.done)
	t := time.NewTicker(roomHeartbeat)
	defer t.Stop()
	for {
		select {
		case <-r.ctx.Done():
			return
		case <-r.wake:
			r.send(false)
		case <-t.C:
			r.expire()
			r.send(false)
		}
	}
}

func (r *room) expire() {
	now := time.Now()
	r.mu.Lock()
	gone := false
	for id, p := range r.peers {
		if now.Sub(p.seen) > roomExpire {
			r.log.Warn("a server of the room went silent; its viewers leave the totals", "room", r.name, "server", id)
			delete(r.peers, id)
			gone = true
		}
	}
	r.mu.Unlock()
	if gone {
		r.apply(true)
	}
}

// send publishes this server's message.
func (r *room) send(bye bool) {
	snap := r.h.roomSnapshot()
	r.mu.Lock()
	r.seq++
	m := roomMsg{V: roomMsgVersion, ID: r.id, Seq: r.seq, Counts: snap.counts, Data: r.data, Bye: bye}
	r.mu.Unlock()
	if snap.cand != nil {
		m.Lead = snap.cand
	}
	if snap.leads {
		m.State = &snap.state
		m.IdleMS = snap.idle.Milliseconds()
	}
	b, err := json.Marshal(m)
	if err != nil {
		r.log.Error("hub message", "err", err)
		return
	}
	if err := r.nc.Publish(r.subject, b); err != nil && !errors.Is(err, nats.ErrConnectionClosed) && !errors.Is(err, nats.ErrReconnectBufExceeded) {
		r.log.Debug("hub publish", "err", err)
	}
	switch {
	case snap.leads && !bye:
		r.store(snap)
	case !snap.leads:
		// Another server's presenter moves the briefing (and stores it):
		// what this server stored is no longer what the bucket holds, so
		// that its next presenter's first screen is stored whatever it is.
		r.mu.Lock()
		r.stored = nil
		r.mu.Unlock()
	}
}

// store keeps the leader's screen in the bucket when it changed.
func (r *room) store(snap roomSnapshot) {
	if r.kv == nil || !r.nc.IsConnected() {
		return
	}
	r.mu.Lock()
	same := r.stored != nil && *r.stored == snap.state
	r.mu.Unlock()
	if same {
		return
	}
	b, _ := json.Marshal(screenRecord{Epoch: snap.cand.Epoch, Name: snap.cand.Name, State: snap.state})
	ctx, cancel := context.WithTimeout(r.ctx, 2*time.Second)
	defer cancel()
	if _, err := r.kv.Put(ctx, "screen", b); err != nil {
		r.log.Debug("hub: storing the screen", "err", err)
		return
	}
	st := snap.state
	r.mu.Lock()
	r.stored = &st
	r.mu.Unlock()
}

// receive handles another server's message (one subscription: in order).
func (r *room) receive(msg *nats.Msg) {
	var m roomMsg
	if err := json.Unmarshal(msg.Data, &m); err != nil || m.V != roomMsgVersion || m.ID == "" {
		r.log.Debug("hub: an unreadable message", "room", r.name)
		return
	}
	if m.ID == r.id {
		return
	}
	r.mu.Lock()
	p := r.peers[m.ID]
	switch {
	case m.Bye:
		delete(r.peers, m.ID)
	case p == nil:
		r.log.Info("a server joined the room", "room", r.name, "server", m.ID)
		r.peers[m.ID] = &peer{seen: time.Now(), msg: m}
	case m.Seq <= p.msg.Seq:
		r.mu.Unlock()
		return
	default:
		p.seen, p.msg = time.Now(), m
	}
	r.mu.Unlock()
	if m.Bye {
		r.log.Info("a server left the room", "room", r.name, "server", m.ID)
	}
	// A server that is new, or back, learns the screen at once.
	if p == nil {
		r.leadChanged()
	}
	r.apply(false)
}

// apply gives the hub the room as the other servers describe it. silent
// says that servers went out of reach (rather than said goodbye).
func (r *room) apply(silent bool) {
	r.mu.Lock()
	var best *peer
	var others ui.Audience
	var mismatched []string
	heard := make(map[string]int64, len(r.peers))
	for _, p := range r.peers {
		heard[p.msg.ID] = 0
		if l := p.msg.Lead; l != nil {
			heard[p.msg.ID] = l.Epoch
		}
		c := p.msg.Counts
		others.Following += c.Following
		others.LookingAround += c.LookingAround
		others.Waiting += c.Waiting
		others.Refused += c.Refused
		if p.msg.Data != r.data {
			mismatched = append(mismatched, p.msg.ID+"="+p.msg.Data)
		}
		if l := p.msg.Lead; l != nil && (best == nil || l.Epoch > best.msg.Lead.Epoch ||
			(l.Epoch == best.msg.Lead.Epoch && p.msg.ID > best.msg.ID)) {
			best = p
		}
	}
	others.Servers = len(r.peers) + 1
	others.OtherData = len(mismatched)
	slices.Sort(mismatched)
	key := ""
	if len(mismatched) > 0 {
		key = fmt.Sprint(others.Servers, " ", strings.Join(mismatched, " "))
	}
	if key != r.mismatch {
		r.mismatch = key
		if key != "" {
			r.log.Warn(fmt.Sprintf("%d of %d servers have other data than this one", len(mismatched), others.Servers),
				"room", r.name, "data", r.data, "others", key)
		} else {
			r.log.Info("every server of the room has the same data", "room", r.name, "data", r.data)
		}
	}
	var lead *remoteLead
	var st *ui.State
	var idle time.Duration
	if best != nil {
		lead = &remoteLead{instance: best.msg.ID, epoch: best.msg.Lead.Epoch, name: displayName(best.msg.Lead.Name)}
		if best.msg.State != nil {
			s := *best.msg.State
			st = &s
			idle = time.Duration(best.msg.IdleMS) * time.Millisecond
		}
	}
	r.mu.Unlock()
	r.h.setRoom(lead, st, idle, others, heard, silent)
}

// close says goodbye and leaves the hub.
func (r *room) close() {
	if r == nil || r.ctx.Err() != nil {
		return
	}
	r.cancel()
	<-r.done
	r.send(true)
	// While the hub is lost the goodbye waits in nats.go's reconnect
	// buffer: Flush would hold the shutdown for its 10 s default.
	if r.nc.IsConnected() {
		_ = r.nc.FlushTimeout(time.Second)
	}
	r.nc.Close()
}
