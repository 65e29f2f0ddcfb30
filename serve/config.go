package serve

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/charmbracelet/log"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// Config is everything the server needs. main.go fills it from flags.
type Config struct {
	// Listen is the TCP address, e.g. "127.0.0.1:23234".
	Listen string
	// HostKeyPath is the ed25519 host key; created (0600) when missing.
	// Empty means DefaultHostKeyPath().
	HostKeyPath string
	// AuthorizedKeys is an authorized_keys file; only its keys get in.
	AuthorizedKeys string
	// Open lets anyone in without authentication.
	Open bool
	// PresenterKeys is an authorized_keys file of presenters; empty: no
	// presenter mode (every session is independent).
	PresenterKeys string
	// MaxSessions bounds concurrent dashboards; 0 means DefaultMaxSessions.
	MaxSessions int
	// IdleTimeout ends a session after that long without input; 0 (or
	// negative) means never. The CLI's default is DefaultIdleTimeout.
	IdleTimeout time.Duration
	// MaxSession ends a session after that long; 0 (or negative) means
	// never. The CLI's default is DefaultMaxSession.
	MaxSession time.Duration
	// DataPaths are the files or directories the data comes from (empty:
	// the embedded dataset). Watched when Watch is set.
	DataPaths []string
	// Keepalive is how often the server asks an idle client whether it is
	// still there; a session ends after 3 unanswered asks. 0 (or
	// negative): never. The CLI's default is DefaultKeepalive.
	Keepalive time.Duration
	// Limits bound the connection queue and handshakes; zero fields take
	// DefaultLimits.
	Limits Limits
	// Watch reloads the data when DataPaths change.
	Watch bool
	// ProxyProtocol reads a PROXY protocol (v1 or v2) header on every
	// connection from TrustedProxies, so that limits, queues and logs see
	// the client's address rather than the balancer's (proxy.go).
	ProxyProtocol bool
	// TrustedProxies are the addresses or CIDR ranges (10.0.0.5,
	// 10.0.0.0/24) of the balancers whose PROXY headers are believed.
	TrustedProxies []string
	// Hub is a NATS server URL (nats://HOST:4222, tls://HOST:4222;
	// several comma-separated): servers with the same Hub and Room share
	// one briefing (room.go). Empty: this server alone.
	Hub string
	// Room names the briefing on the hub; empty: DefaultRoom.
	Room string
	// HubCreds is a NATS user credentials or nkey seed file.
	HubCreds string
	// Lang is the interface language passed to every session ("en", "ru").
	Lang string
	// Logger receives the server's structured log; nil means log.Default().
	Logger *log.Logger
	// Load (re)loads the dataset; nil means data.Load(DataPaths) or, with
	// no paths, data.Default().
	Load func() (*data.Dataset, error)
	// Story loads the storyboard for a dataset (at start and after each
	// reload, since its captions name the data's figures); nil, or a nil
	// story: no story.
	Story func(*data.Dataset) (*data.Story, error)
	// Tour advances the story by itself every Tour: the presenter's
	// session does, and its followers follow; without presenter keys each
	// session tours on its own (a lobby screen). 0: no tour.
	Tour time.Duration
	// SnapshotDir lets presenters save their screen (ctrl+s) as an SVG in
	// this directory; "" (the default): nothing a client sends writes a
	// file on the server.
	SnapshotDir string
}

// Defaults: Listen and MaxSessions when zero; the timeouts are the CLI's.
const (
	DefaultListen      = "127.0.0.1:23234"
	DefaultMaxSessions = 200
	DefaultIdleTimeout = 30 * time.Minute
	DefaultMaxSession  = 8 * time.Hour
	DefaultKeepalive   = 30 * time.Second
)

// DefaultHostKeyPath is $XDG_DATA_HOME/eaeu-dash/host_ed25519, else
// ~/.local/share/eaeu-dash/host_ed25519.
func DefaultHostKeyPath() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "eaeu-dash", "host_ed25519")
}

// normalize fills defaults and checks the combination of options.
func (c Config) normalize() (Config, error) {
	if c.Listen == "" {
		c.Listen = DefaultListen
	}
	if c.HostKeyPath == "" {
		c.HostKeyPath = DefaultHostKeyPath()
	}
	if c.MaxSessions == 0 {
		c.MaxSessions = DefaultMaxSessions
	}
	if c.MaxSessions < 0 {
		return c, fmt.Errorf("--max-sessions must be positive, not %d", c.MaxSessions)
	}
	c.IdleTimeout = max(c.IdleTimeout, 0)
	c.MaxSession = max(c.MaxSession, 0)
	c.Keepalive = max(c.Keepalive, 0)
	c.Limits = c.Limits.withDefaults()
	if c.Logger == nil {
		c.Logger = log.Default()
	}
	if c.Load == nil {
		paths := append([]string(nil), c.DataPaths...)
		if len(paths) > 0 {
			c.Load = func() (*data.Dataset, error) { return data.Load(paths, data.Options{}) }
		} else {
			c.Load = data.Default
		}
	}
	if c.Watch && len(c.DataPaths) == 0 {
		return c, errors.New("--watch needs --data PATH: the embedded dataset never changes")
	}
	if c.ProxyProtocol && len(c.TrustedProxies) == 0 {
		return c, errors.New("--proxy-protocol needs --trusted-proxies CIDR,...: a PROXY header is believed only from the balancers listed")
	}
	if !c.ProxyProtocol && len(c.TrustedProxies) > 0 {
		return c, errors.New("--trusted-proxies is only used with --proxy-protocol")
	}
	if c.ProxyProtocol {
		if _, err := proxyPolicy(c.TrustedProxies); err != nil {
			return c, fmt.Errorf("--trusted-proxies: %w", err)
		}
	}
	if c.Hub == "" && (c.Room != "" || c.HubCreds != "") {
		return c, errors.New("--room and --hub-creds are for --hub nats://HOST:4222")
	}
	if c.Hub != "" {
		if c.PresenterKeys == "" {
			return c, errors.New("--hub shares a presenter's briefing between servers: it needs --presenter-keys")
		}
		if err := checkHubURL(c.Hub); err != nil {
			return c, err
		}
		if c.Room == "" {
			c.Room = DefaultRoom
		}
		if !validRoomName(c.Room) {
			return c, fmt.Errorf("--room %q: use letters, digits, - and _ (at most 64)", c.Room)
		}
	}
	if c.Open && c.AuthorizedKeys != "" {
		return c, errors.New("--open and --authorized-keys exclude each other: choose who may connect")
	}
	return c, nil
}

// isLoopback reports whether a listen address only accepts connections
// from this machine.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
