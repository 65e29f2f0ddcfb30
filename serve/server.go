package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui"
)

// Server is the SSH briefing server. Make one with New.
type Server struct {
	cfg        Config
	log        *log.Logger
	ssh        *ssh.Server
	hostKey    gossh.Signer
	authorized keySet // nil: anyone may connect
	presenters keySet // nil: no presenter mode
	// implicitOpen: no access option was given; only a loopback listener
	// may be served.
	implicitOpen bool
	hub          *hub
	room         *room          // nil: this server alone
	frames       *ui.FrameCache // frames and renders shared by the sessions in the same state
	admission    *admission
	openConns    atomic.Int64
	checks       sync.Map // remote address -> struct{}: a balancer's health checks (proxy.go)

	appCtx   context.Context
	stopApps context.CancelFunc

	mu        sync.Mutex
	ds        *data.Dataset
	story     *data.Story // of ds
	banner    string
	sessions  map[*session]struct{}
	conns     map[*trackedConn]struct{}
	listeners map[net.Listener]struct{}
	closing   bool

	// Knobs with production defaults; tests in this package change them
	// before Serve.
	newModel         func(*data.Dataset, ui.Options) tea.Model
	queryTimeout     time.Duration // terminal background query
	handshakeTimeout time.Duration // connect to authenticated
	maxConns         int           // open TCP connections
	queueWait        time.Duration // longest wait for a handshake slot
	countdownLead    time.Duration // warn this long before an idle or time-limit end
	quitGrace        time.Duration // after a ShutdownMsg, before forcing the program out
	shutdownGrace    time.Duration // Shutdown: programs' time to leave by themselves
	drainTimeout     time.Duration // Shutdown: connections' time to close after that
	watchDebounce    time.Duration
}

// session is one running dashboard as the server sees it.
type session struct {
	box       *mailbox
	presenter bool
	w         *words                 // the viewer's language (messages.go)
	reason    atomic.Pointer[string] // why the server ended it, shown after exit
	failed    atomic.Bool            // it ended in a panic: exit status 1
}

func (s *session) setReason(r string) { s.reason.CompareAndSwap(nil, &r) }

// fail records that the session ended in a panic.
func (s *session) fail() {
	s.failed.Store(true)
	s.setReason(s.w.failed)
}

func (s *session) getReason() string {
	if r := s.reason.Load(); r != nil {
		return *r
	}
	return ""
}

// New checks the configuration, loads the data and the host key, and
// prepares the server. It does not listen yet.
func New(cfg Config) (*Server, error) {
	cfg, err := cfg.normalize()
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:              cfg,
		log:              cfg.Logger,
		sessions:         map[*session]struct{}{},
		conns:            map[*trackedConn]struct{}{},
		listeners:        map[net.Listener]struct{}{},
		newModel:         func(ds *data.Dataset, o ui.Options) tea.Model { return ui.New(ds, o) },
		queryTimeout:     1500 * time.Millisecond,
		handshakeTimeout: 20 * time.Second,
		maxConns:         cfg.MaxSessions*2 + 32,
		queueWait:        time.Minute,
		countdownLead:    time.Minute,
		quitGrace:        2 * time.Second,
		shutdownGrace:    2 * time.Second,
		drainTimeout:     time.Second,
		watchDebounce:    200 * time.Millisecond,
		admission:        newAdmission(cfg.Limits),
	}
	s.appCtx, s.stopApps = context.WithCancel(context.Background())

	if cfg.AuthorizedKeys != "" {
		if s.authorized, err = parseAuthorizedKeys(cfg.AuthorizedKeys); err != nil {
			return nil, err
		}
	}
	if cfg.PresenterKeys != "" {
		if s.presenters, err = parseAuthorizedKeys(cfg.PresenterKeys); err != nil {
			return nil, err
		}
	}
	if !cfg.Open && cfg.AuthorizedKeys == "" {
		if !isLoopback(cfg.Listen) {
			return nil, fmt.Errorf("refusing to serve %s without access control: pass --authorized-keys FILE (only those keys may watch) or --open (anyone who reaches the port may watch)", cfg.Listen)
		}
		s.implicitOpen = true
	}

	ds, err := cfg.Load()
	if err != nil {
		return nil, err
	}
	s.ds = ds
	if cfg.Story != nil {
		if s.story, err = cfg.Story(ds); err != nil {
			return nil, err
		}
	}

	hostKeyPEM, signer, created, err := loadOrCreateHostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	s.hostKey = signer
	fp := gossh.FingerprintSHA256(signer.PublicKey())
	if created {
		s.log.Info("created host key", "path", cfg.HostKeyPath, "fingerprint", fp)
	} else {
		s.log.Info("host key", "path", cfg.HostKeyPath, "fingerprint", fp)
	}

	s.hub = newHub(s.presenters != nil, s.log)
	s.admission.onChange = s.hub.setAdmission
	if cfg.Hub != "" {
		if s.room, err = joinRoom(s.hub, s.log, cfg.Hub, cfg.Room, cfg.HubCreds, contentFingerprint(ds, s.story)); err != nil {
			return nil, err
		}
	}
	s.frames = ui.NewFrameCache()
	s.frames.SetDataset(ds)
	if s.ssh, err = s.newSSHServer(hostKeyPEM); err != nil {
		return nil, err
	}
	return s, nil
}

// newSSHServer builds the SSH server with wish: wish's options where wish
// has one, small options of ours for the rest (see doc.go for what is
// wish's and what is ours, and why).
func (s *Server) newSSHServer(hostKeyPEM []byte) (*ssh.Server, error) {
	opts := []ssh.Option{
		wish.WithAddress(s.cfg.Listen),
		wish.WithVersion("eaeu-dash"),
		wish.WithHostKeyPEM(hostKeyPEM),
		wish.WithMiddleware(s.middlewares()...),
		withConnCallback(s.connCallback),
		withServerConfig(s.serverConfig),
		withConnectionFailed(func(c net.Conn, err error) {
			if _, check := s.checks.Load(c.RemoteAddr().String()); check {
				s.log.Debug("handshake failed", "remote", c.RemoteAddr().String(), "check", true, "err", err)
				return
			}
			s.log.Info("handshake failed", "remote", c.RemoteAddr().String(), "err", err)
		}),
		withOnlyDashboard(s.sessionChannel),
	}
	if s.cfg.IdleTimeout > 0 {
		// A backstop only: it cuts TCP and leaves the viewer's terminal in
		// the alternate screen (the SSH library's timeouts drop TCP); the
		// program quits first.
		opts = append(opts, wish.WithIdleTimeout(2*s.cfg.IdleTimeout+10*time.Second))
	}
	if s.cfg.MaxSession > 0 {
		opts = append(opts, wish.WithMaxTimeout(s.cfg.MaxSession+time.Minute))
	}
	switch {
	case s.authorized != nil:
		opts = append(opts,
			wish.WithPublicKeyAuth(func(ctx ssh.Context, key ssh.PublicKey) bool {
				_, ok := s.authorized.lookup(key)
				if !ok {
					_, ok = s.presenters.lookup(key)
				}
				ok = ok && s.admitted(ctx)
				s.logAuth(ctx, key, ok)
				if !ok {
					offered(ctx).add(key)
				}
				return ok
			}),
			// Never lets anyone in: after every offered key failed, it
			// tells the person why and whom to ask, with their keys'
			// fingerprints (OpenSSH prints a keyboard-interactive
			// instruction; a failed public key gets only "Permission
			// denied (publickey)").
			wish.WithKeyboardInteractiveAuth(func(ctx ssh.Context, ask gossh.KeyboardInteractiveChallenge) bool {
				// Once: OpenSSH tries keyboard-interactive up to three times.
				if o := offered(ctx); s.admitted(ctx) && o.tell() {
					_, _ = ask("", s.notInvited(ctx), nil, nil)
				}
				s.log.Info("auth", "method", "keyboard-interactive", "user", ctx.User(), "remote", ctx.RemoteAddr().String(), "ok", false, "why", "not invited")
				return false
			}))
	case s.presenters != nil:
		// Open with presenters: a presenter key identifies the presenter;
		// everyone else gets in by keyboard-interactive with no questions.
		opts = append(opts,
			wish.WithPublicKeyAuth(func(ctx ssh.Context, key ssh.PublicKey) bool {
				_, ok := s.presenters.lookup(key)
				ok = ok && s.admitted(ctx)
				s.logAuth(ctx, key, ok)
				return ok
			}),
			wish.WithKeyboardInteractiveAuth(func(ctx ssh.Context, _ gossh.KeyboardInteractiveChallenge) bool {
				ok := s.admitted(ctx)
				s.log.Info("auth", "method", "open", "user", ctx.User(), "remote", ctx.RemoteAddr().String(), "ok", ok)
				return ok
			}))
	}
	// Otherwise no handler at all: the SSH "none" method lets anyone in.
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	return srv, nil
}

// serverConfig is the x/crypto/ssh configuration of one connection (the
// SSH library fills in the auth callbacks of the options above). Ours:
// room for agents holding many keys before keyboard-interactive; the end
// of the handshake frees the connection's handshake slot; a refused
// connection's banner says why and nothing lets it in.
func (s *Server) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	cfg := &gossh.ServerConfig{MaxAuthTries: 20}
	tc := connOf(ctx)
	if tc == nil {
		return cfg
	}
	cfg.AuthLogCallback = func(_ gossh.ConnMetadata, _ string, err error) {
		if err == nil {
			tc.handshakeDone()
		}
	}
	if tc.refused != admitted {
		text := wordsFor(s.cfg.Lang).refusal(tc.refused, s.cfg.MaxSessions)
		cfg.BannerCallback = func(gossh.ConnMetadata) string { return text + "\r\n" }
	}
	// Used only where no auth handler is set (an open server without
	// presenter keys lets anyone in with the "none" method).
	cfg.NoClientAuthCallback = func(gossh.ConnMetadata) (*gossh.Permissions, error) {
		if tc.refused != admitted {
			return nil, errors.New("refused")
		}
		return nil, nil
	}
	return cfg
}

// admitted is false for a connection that only shows why it was refused.
func (s *Server) admitted(ctx ssh.Context) bool {
	tc := connOf(ctx)
	return tc == nil || tc.refused == admitted
}

// offeredKeys are the keys a client offered and the server refused, named
// in the "not invited" message.
type offeredKeys struct {
	mu   sync.Mutex
	keys []string
	told bool
}

// tell is true the first time only.
func (o *offeredKeys) tell() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	first := !o.told
	o.told = true
	return first
}

type offeredKeysKey struct{}

func offered(ctx ssh.Context) *offeredKeys {
	if o, ok := ctx.Value(offeredKeysKey{}).(*offeredKeys); ok {
		return o
	}
	o := &offeredKeys{}
	ctx.SetValue(offeredKeysKey{}, o)
	return o
}

func (o *offeredKeys) add(k ssh.PublicKey) {
	o.mu.Lock()
	defer o.mu.Unlock()
	fp := gossh.FingerprintSHA256(k)
	if len(o.keys) < 5 && !slices.Contains(o.keys, fp) {
		o.keys = append(o.keys, fp)
	}
}

// notInvited is the message for a person none of whose keys is invited.
func (s *Server) notInvited(ctx ssh.Context) string {
	o := offered(ctx)
	o.mu.Lock()
	keys := strings.Join(o.keys, ", ")
	o.mu.Unlock()
	if keys == "" {
		keys = "(none offered: create one with ssh-keygen -t ed25519)"
	}
	return fmt.Sprintf(wordsFor(s.cfg.Lang).notInvited, keys)
}

// Options wish does not have.

func withConnCallback(cb ssh.ConnCallback) ssh.Option {
	return func(srv *ssh.Server) error { srv.ConnCallback = cb; return nil }
}

func withServerConfig(cb ssh.ServerConfigCallback) ssh.Option {
	return func(srv *ssh.Server) error { srv.ServerConfigCallback = cb; return nil }
}

func withConnectionFailed(cb ssh.ConnectionFailedCallback) ssh.Option {
	return func(srv *ssh.Server) error { srv.ConnectionFailedCallback = cb; return nil }
}

// withOnlyDashboard allows shell sessions only (exec is answered with a
// message by the handler): no subsystems (sftp), no port forwarding (no
// direct-tcpip channel, no tcpip-forward request handler), no agent or
// X11 (refused by the session channel).
func withOnlyDashboard(session ssh.ChannelHandler) ssh.Option {
	return func(srv *ssh.Server) error {
		srv.SessionRequestCallback = func(_ ssh.Session, reqType string) bool {
			return reqType == "shell" || reqType == "exec"
		}
		srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": session}
		srv.RequestHandlers = map[string]ssh.RequestHandler{}
		srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
		return nil
	}
}

func (s *Server) logAuth(ctx ssh.Context, key ssh.PublicKey, ok bool) {
	s.log.Info("auth", "method", "publickey", "user", ctx.User(), "remote", ctx.RemoteAddr().String(),
		"key", gossh.FingerprintSHA256(key), "ok", ok)
}

// Per-connection and per-channel bounds on what a client can make the
// server hold (the SSH library itself keeps every env request).
const (
	maxChannelsPerConn = 8 // OpenSSH multiplexing opens a few
	maxEnvPerChannel   = 32
	maxEnvBytes        = 1024
)

// connChannels counts a connection's open session channels.
type connChannels struct{ n atomic.Int32 }

type connChannelsKey struct{}

// sessionChannel is the stock session handler behind a filter that refuses
// agent and X11 forwarding and bounds env requests (the stock one accepts
// agent requests and stores every env request).
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	if cc, ok := ctx.Value(connChannelsKey{}).(*connChannels); ok {
		if cc.n.Add(1) > maxChannelsPerConn {
			cc.n.Add(-1)
			s.log.Warn("session refused: too many on one connection", "remote", conn.RemoteAddr().String())
			_ = nc.Reject(gossh.ResourceShortage, "too many sessions on one connection")
			return
		}
		defer cc.n.Add(-1)
	}
	ssh.DefaultSessionHandler(srv, conn, refusingChannel{NewChannel: nc}, ctx)
}

type refusingChannel struct{ gossh.NewChannel }

func (c refusingChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := c.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		envs := 0
		for r := range reqs {
			refuse := false
			switch r.Type {
			case "auth-agent-req@openssh.com", "x11-req":
				refuse = true
			case "env":
				envs++
				refuse = envs > maxEnvPerChannel || len(r.Payload) > maxEnvBytes || !usefulEnv(r.Payload)
			}
			if refuse {
				if r.WantReply {
					_ = r.Reply(false, nil)
				}
				continue
			}
			out <- r
		}
	}()
	return ch, out, nil
}

// usefulEnv keeps only the variables the dashboard reads (colours and
// language); the rest would only take memory.
func usefulEnv(payload []byte) bool {
	var kv struct{ Key, Value string }
	if gossh.Unmarshal(payload, &kv) != nil {
		return false
	}
	switch kv.Key {
	case "COLORTERM", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "LANG", "LC_ALL", "LC_MESSAGES", "LC_CTYPE":
		return true
	}
	return false
}

// Serve accepts connections on l until Shutdown. It returns nil after a
// clean shutdown.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		l.Close()
		return nil
	}
	s.listeners[l] = struct{}{}
	s.mu.Unlock()
	if s.implicitOpen && !isLoopback(l.Addr().String()) {
		l.Close()
		return fmt.Errorf("refusing to serve %s without access control: pass --authorized-keys FILE or --open", l.Addr())
	}
	if s.implicitOpen {
		s.log.Warn("no --authorized-keys or --open: anyone on this machine can connect (listening on loopback only)", "listen", l.Addr().String())
	}
	mode := "authorized keys"
	if s.authorized == nil {
		mode = "open"
	}
	s.log.Info("serving", "listen", l.Addr().String(), "access", mode, "presenters", len(s.presenters),
		"max_sessions", s.cfg.MaxSessions, "idle_timeout", s.cfg.IdleTimeout, "max_session", s.cfg.MaxSession)
	if s.cfg.Watch && len(s.cfg.DataPaths) > 0 {
		go func() {
			err := watch(s.appCtx, s.cfg.DataPaths, s.cfg.Load, s.setDataset, s.reloadFailed, s.watchDebounce)
			if err != nil {
				s.log.Error("cannot watch the data files; live reload is off", "err", err)
			}
		}()
	}
	if s.cfg.ProxyProtocol {
		s.log.Info("PROXY protocol", "trusted", strings.Join(s.cfg.TrustedProxies, ","))
	}
	err := s.ssh.Serve(s.proxyListener(l))
	if errors.Is(err, ssh.ErrServerClosed) || s.isClosing() {
		return nil
	}
	return err
}

func (s *Server) isClosing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}

// Shutdown ends the briefing: it stops accepting, tells every program
// "The briefing has ended.", gives them a moment to restore the viewers'
// terminals, then cancels them and closes the connections. It returns
// nil when everything is closed; when ctx ends first it closes at once.
//
// (It does not use the SSH library's Shutdown: its WaitGroup panics when
// a connection finishes its handshake while Shutdown waits.)
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	sessions := make([]*session, 0, len(s.sessions))
	for ses := range s.sessions {
		sessions = append(sessions, ses)
	}
	listeners := s.listeners
	s.listeners = map[net.Listener]struct{}{}
	s.mu.Unlock()
	for l := range listeners {
		l.Close()
	}
	s.admission.close()

	for _, ses := range sessions {
		ses.setReason(ses.w.ended)
		ses.box.put(slotShutdown, ui.ShutdownMsg{Text: ses.w.ended})
	}
	s.waitUntil(ctx, s.shutdownGrace, func() bool { return s.sessionCount() == 0 })
	s.stopApps()
	// Cancelled programs restore the terminals and their handlers send
	// the exit status; then clients close their connections themselves.
	s.waitUntil(ctx, s.drainTimeout, func() bool { return s.sessionCount() == 0 })
	s.waitUntil(ctx, s.drainTimeout, func() bool { return s.openConns.Load() == 0 })

	s.room.close()
	if n := s.openConns.Load(); n > 0 {
		s.log.Info("closing the connections clients kept open", "open", n)
	}
	_ = s.ssh.Close()
	s.mu.Lock()
	conns := make([]*trackedConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns { // those still in their handshake
		c.Close()
	}
	s.log.Info("server stopped")
	return nil
}

// waitUntil polls cond until it holds, d passes or ctx ends.
func (s *Server) waitUntil(ctx context.Context, d time.Duration, cond func() bool) {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			return
		case <-deadline.C:
			return
		case <-tick.C:
		}
	}
}

func (s *Server) sessionCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// Run serves cfg until ctx is done, then shuts down. It returns nil after
// a clean shutdown. (Signals and the GC target are the process's: main
// sets them.)
func Run(ctx context.Context, cfg Config) error {
	s, err := New(cfg)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		s.room.close()
		return fmt.Errorf("listen on %s: %w", s.cfg.Listen, err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(l) }()
	select {
	case err := <-served:
		s.stopApps()
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = s.Shutdown(sctx)
	if serr := <-served; err == nil {
		err = serr
	}
	return err
}

// DefaultGCPercent is the garbage collector's target (GOGC) that main
// sets for serve when its environment does not set GOGC: with every
// viewer's frames turning over, Go's default headroom (100) was the
// largest part of the memory per session after the goroutine stacks.
// BENCHMARKS.md, "Memory per session", has the measurements behind it.
const DefaultGCPercent = 50

// GCPercent is the GC target a server process should set:
// DefaultGCPercent unless GOGC is in the environment (lookup is
// os.LookupEnv), in which case the runtime has already applied it and ok
// is false.
func GCPercent(lookup func(string) (string, bool)) (pct int, ok bool) {
	if _, set := lookup("GOGC"); set {
		return 0, false
	}
	return DefaultGCPercent, true
}

// setDataset installs a good reload: new sessions get it, running ones are
// sent it, and a failure banner is cleared.
func (s *Server) setDataset(ds *data.Dataset) {
	var story *data.Story
	if s.cfg.Story != nil {
		var err error
		if story, err = s.cfg.Story(ds); err != nil {
			s.log.Error("the storyboard does not fit the reloaded data; the story is off until it does", "err", err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ds, s.story = ds, story
	// The shared renders of the old data go now, not when they age out:
	// otherwise every reload would stay in memory (a dataset can be
	// hundreds of MB).
	s.frames.SetDataset(ds)
	hadBanner := s.banner != ""
	s.banner = ""
	for ses := range s.sessions {
		ses.box.put(slotDataset, ui.DatasetMsg{Dataset: ds, Story: story})
		if hadBanner && ses.presenter {
			ses.box.put(slotBanner, ui.BannerMsg{Text: ""})
		}
	}
	if s.room != nil {
		s.room.setData(contentFingerprint(ds, story))
	}
	s.log.Info("data reloaded")
}

// reloadFailed keeps the last good data. The log has every problem; the
// presenters' screens say the first with its FILE:LINE:COL; viewers are
// not shown an error (the dashboard's footer keeps the data's date).
func (s *Server) reloadFailed(err error) {
	first := err.Error()
	n := 1
	var errs data.Errors
	if errors.As(err, &errs) && len(errs) > 0 {
		n = len(errs)
		first = errs[0].String()
		for _, p := range errs {
			s.log.Error("data reload: " + p.String())
		}
	} else {
		s.log.Error("data reload failed", "err", err)
	}
	text := "data reload failed: " + firstLineOf(first)
	if n > 1 {
		text += fmt.Sprintf(" (+%d more in the log)", n-1)
	}
	text += "; showing the last good data"
	s.mu.Lock()
	s.banner = text
	s.mu.Unlock()
	for _, box := range s.hub.presenterBoxes() {
		box.put(slotBanner, ui.BannerMsg{Text: text})
	}
}

func firstLineOf(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
