package serve

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"

	gossh "golang.org/x/crypto/ssh"
)

// authorizedKey is one key of an authorized_keys file.
type authorizedKey struct {
	key     gossh.PublicKey
	comment string
}

// keySet maps a key's wire form to its entry.
type keySet map[string]authorizedKey

func (s keySet) lookup(k gossh.PublicKey) (authorizedKey, bool) {
	if k == nil || s == nil {
		return authorizedKey{}, false
	}
	a, ok := s[string(k.Marshal())]
	return a, ok
}

// parseAuthorizedKeys reads an authorized_keys file once, at start, so that
// a malformed line is reported (FILE:LINE) instead of silently rejecting
// every key after it (wish.WithAuthorizedKeys re-reads the file on every
// attempt, and one malformed line there rejects every key after it).
func parseAuthorizedKeys(path string) (keySet, error) {
	buf, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read authorized keys: %w", err)
	}
	set := keySet{}
	sc := bufio.NewScanner(bytes.NewReader(buf))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, comment, options, rest, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: not a public key (expected \"ssh-ed25519 AAAA... comment\"): %v", path, n, err)
		}
		if len(bytes.TrimSpace(rest)) > 0 {
			return nil, fmt.Errorf("%s:%d: one key per line", path, n)
		}
		if len(options) > 0 {
			// Ignoring from="..." or restrict would let in more than the
			// file says; refuse instead.
			return nil, fmt.Errorf("%s:%d: key options (%s) are not supported here; remove them", path, n, strings.Join(options, ","))
		}
		if _, ok := key.(*gossh.Certificate); ok {
			return nil, fmt.Errorf("%s:%d: certificates are not supported; list the plain public key", path, n)
		}
		set[string(key.Marshal())] = authorizedKey{key: key, comment: comment}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(set) == 0 {
		return nil, fmt.Errorf("%s has no keys: nobody could connect", path)
	}
	return set, nil
}
