package serve

import (
	"errors"
	"net"
	"strings"
	"time"

	proxyproto "github.com/pires/go-proxyproto"
)

// The PROXY protocol (v1 and v2) behind a TCP balancer, with
// github.com/pires/go-proxyproto wrapping the listener. The policy, per
// source address of the TCP connection:
//
//   - a trusted balancer (--trusted-proxies) MUST send a header
//     (proxyproto.REQUIRE): a balancer that forgot send-proxy would
//     otherwise put every viewer behind the balancer's one address, in
//     one per-address queue, and the log would name nobody. Such a
//     connection is refused and logged;
//   - anyone else MUST NOT send one (proxyproto.REJECT): a header from an
//     untrusted source is an attempt to choose the address the limits
//     see, so the connection is refused and logged;
//   - anyone else without a header is served as a direct connection, under
//     its own TCP address (an operator on the machine, a check that goes
//     around the balancer). Its address is its own, so the limits are
//     right for it too.
//
// The header is read before admission, within proxyHeaderTimeout, so
// that the admission queue, the per-address limits and every log line
// see the client's address. (The library's TrustProxyHeaderFromRanges
// drops untrusted connections in Accept without a log line; its
// deprecated *WhiteListPolicy helpers make the header optional for the
// trusted, which the first point above forbids.)

// proxyHeaderTimeout bounds the wait for the header (the handshake
// timeout starts after it).
const proxyHeaderTimeout = 5 * time.Second

func proxyPolicy(trusted []string) (proxyproto.ConnPolicyFunc, error) {
	var ranges []string
	for _, t := range trusted {
		if t = strings.TrimSpace(t); t != "" {
			ranges = append(ranges, t)
		}
	}
	if len(ranges) == 0 {
		return nil, errors.New("no address or range given")
	}
	return proxyproto.PolicyFromRanges(ranges, proxyproto.REQUIRE, proxyproto.REJECT)
}

// proxyListener wraps l when the server reads PROXY headers.
func (s *Server) proxyListener(l net.Listener) net.Listener {
	if !s.cfg.ProxyProtocol {
		return l
	}
	policy, _ := proxyPolicy(s.cfg.TrustedProxies) // checked by normalize
	return &proxyproto.Listener{Listener: l, ConnPolicy: policy, ReadHeaderTimeout: proxyHeaderTimeout}
}

// proxyHeader reads a connection's PROXY header, if the listener wraps
// it: nil when the connection may go on (with RemoteAddr the client's),
// else why not.
func proxyHeader(c net.Conn) error {
	pc, ok := c.(*proxyproto.Conn)
	if !ok {
		return nil
	}
	// A read of nothing processes the header and returns its error.
	_, err := pc.Read(nil)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, proxyproto.ErrNoProxyProtocol):
		return errors.New("no PROXY header from a trusted balancer (is send-proxy-v2 set?)")
	case errors.Is(err, proxyproto.ErrSuperfluousProxyHeader):
		return errors.New("a PROXY header from an address not in --trusted-proxies")
	}
	return err
}

// healthCheck reports whether c came with a PROXY header of the LOCAL
// command: a balancer's own connection, which HAProxy sends for its health
// checks (check-send-proxy). Its connect, failed handshake and disconnect
// are logged at debug level only: every 2 s per balancer they would bury
// the viewers' lines.
func healthCheck(c net.Conn) bool {
	pc, ok := c.(*proxyproto.Conn)
	if !ok {
		return false
	}
	h := pc.ProxyHeader()
	return h != nil && h.Command.IsLocal()
}

// rawRemote is the TCP peer's address, under any PROXY header.
func rawRemote(c net.Conn) net.Addr {
	if pc, ok := c.(*proxyproto.Conn); ok {
		return pc.Raw().RemoteAddr()
	}
	return c.RemoteAddr()
}
