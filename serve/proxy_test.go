package serve

import (
	"net"
	"strings"
	"testing"
	"time"

	proxyproto "github.com/pires/go-proxyproto"
	gossh "golang.org/x/crypto/ssh"
)

// dialProxied opens a TCP connection to addr, sends a PROXY v2 header
// naming client (none when client is ""), and returns the raw connection.
func dialProxied(t *testing.T, addr, client string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if client == "" {
		return c
	}
	src, err := net.ResolveTCPAddr("tcp", client)
	if err != nil {
		t.Fatal(err)
	}
	h := proxyproto.HeaderProxyFromAddrs(2, src, c.RemoteAddr())
	if _, err := h.WriteTo(c); err != nil {
		t.Fatal(err)
	}
	return c
}

// sshOver runs an SSH handshake on c.
func sshOver(c net.Conn, addr string) (*gossh.Client, error) {
	cc, chans, reqs, err := gossh.NewClientConn(c, addr, &gossh.ClientConfig{
		User: "viewer", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
	})
	if err != nil {
		return nil, err
	}
	return gossh.NewClient(cc, chans, reqs), nil
}

// Behind a trusted balancer the admission queue, the per-address limits
// and the log see the address in the PROXY header; a balancer that sends
// no header is refused, not taken for one big client.
func TestProxyProtocolTrusted(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{ProxyProtocol: true, TrustedProxies: []string{"127.0.0.0/8"}}, nil)

	// A connection that has sent its header but not started its SSH
	// handshake holds a handshake slot under the client's address.
	_ = dialProxied(t, ts.addr, "203.0.113.7:40000")
	waitFor(t, 5*time.Second, "a handshake slot for 203.0.113.7", func() bool {
		ts.admission.mu.Lock()
		defer ts.admission.mu.Unlock()
		c := ts.admission.addrs["203.0.113.7"]
		_, balancer := ts.admission.addrs["127.0.0.1"]
		return c != nil && c.active == 1 && !balancer
	})

	// A whole session: every log line names the client.
	c, err := sshOver(dialProxied(t, ts.addr, "198.51.100.20:5555"), ts.addr)
	if err != nil {
		t.Fatalf("ssh through a trusted balancer: %v", err)
	}
	tm := openTerm(t, c, 80, 24)
	tm.waitOut(t, 10*time.Second, "EAEU")
	tm.send(t, "q")
	tm.waitExit(t, 10*time.Second)
	c.Close()
	waitFor(t, 5*time.Second, "the disconnect in the log", func() bool {
		return strings.Contains(ts.logs.String(), "disconnect remote=198.51.100.20:5555")
	})
	logs := ts.logs.String()
	for _, want := range []string{"connect remote=198.51.100.20:5555", "session start remote=198.51.100.20:5555", "session end remote=198.51.100.20:5555"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q", want)
		}
	}

	// The trusted balancer without a header: refused and logged.
	if c, err := sshOver(dialProxied(t, ts.addr, ""), ts.addr); err == nil {
		c.Close()
		t.Fatal("a trusted source without a PROXY header got in")
	}
	waitFor(t, 5*time.Second, "the refusal in the log", func() bool {
		return strings.Contains(ts.logs.String(), "connection refused: PROXY protocol peer=127.0.0.1:")
	})
	if !strings.Contains(ts.logs.String(), "no PROXY header from a trusted balancer") {
		t.Errorf("the refusal does not say why:\n%s", ts.logs.String())
	}
}

// A source outside --trusted-proxies cannot choose its address: a header
// from it is refused; without a header it is a direct client under its
// own address.
func TestProxyProtocolUntrusted(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{ProxyProtocol: true, TrustedProxies: []string{"10.0.0.0/8", "192.0.2.1"}}, nil)

	if c, err := sshOver(dialProxied(t, ts.addr, "203.0.113.9:1234"), ts.addr); err == nil {
		c.Close()
		t.Fatal("an untrusted PROXY header was accepted")
	}
	waitFor(t, 5*time.Second, "the refusal in the log", func() bool {
		return strings.Contains(ts.logs.String(), "a PROXY header from an address not in --trusted-proxies")
	})
	if strings.Contains(ts.logs.String(), "203.0.113.9") {
		t.Errorf("the spoofed address reached the log:\n%s", ts.logs.String())
	}

	c, err := sshOver(dialProxied(t, ts.addr, ""), ts.addr)
	if err != nil {
		t.Fatalf("a direct client without a header: %v", err)
	}
	defer c.Close()
	tm := openTerm(t, c, 80, 24)
	tm.waitOut(t, 10*time.Second, "EAEU")
	if !strings.Contains(ts.logs.String(), "session start remote=127.0.0.1:") {
		t.Errorf("the direct client is not logged under its own address:\n%s", ts.logs.String())
	}
}

func TestProxyProtocolConfig(t *testing.T) {
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{ProxyProtocol: true}, "--proxy-protocol needs --trusted-proxies"},
		{Config{TrustedProxies: []string{"10.0.0.1"}}, "only used with --proxy-protocol"},
		{Config{ProxyProtocol: true, TrustedProxies: []string{"10.0.0.0/33"}}, "--trusted-proxies"},
	} {
		_, err := tc.cfg.normalize()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err %v, want %q", tc.cfg.TrustedProxies, err, tc.want)
		}
	}
}

// A balancer's health check (a PROXY header with the LOCAL command, as
// HAProxy's check-send-proxy sends) is logged at debug level only.
func TestProxyHealthCheckIsQuiet(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{ProxyProtocol: true, TrustedProxies: []string{"127.0.0.1"}}, nil)
	c, err := net.DialTimeout("tcp", ts.addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	local := &proxyproto.Header{Version: 2, Command: proxyproto.LOCAL, TransportProtocol: proxyproto.UNSPEC}
	if _, err := local.WriteTo(c); err != nil {
		t.Fatal(err)
	}
	// Like HAProxy's tcp-check: read the version line, then close.
	buf := make([]byte, 64)
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, _ := c.Read(buf)
	if !strings.HasPrefix(string(buf[:n]), "SSH-2.0-") {
		t.Fatalf("the check read %q", buf[:n])
	}
	c.Close()
	waitFor(t, 5*time.Second, "the check's disconnect", func() bool {
		return strings.Contains(ts.logs.String(), "disconnect remote=127.0.0.1:") && strings.Contains(ts.logs.String(), "handshake failed")
	})
	for _, line := range strings.Split(ts.logs.String(), "\n") {
		if strings.Contains(line, "remote=127.0.0.1:") && !strings.HasPrefix(line, "DEBU") {
			t.Errorf("a health check logged above debug level: %s", line)
		}
	}
}
