package serve

import (
	"sync"

	tea "github.com/charmbracelet/bubbletea"
)

// Mailbox slots, in delivery order. Each holds only the latest message of
// its kind, so a slow program is never sent a backlog and a sender never
// waits for a program.
const (
	slotRole = iota
	slotDataset
	slotBanner
	slotFollow
	slotCountdown
	slotShutdown
	numSlots
)

// mailbox is one program's coalescing inbox.
type mailbox struct {
	mu      sync.Mutex
	pending [numSlots]tea.Msg
	wake    chan struct{}
}

func newMailbox() *mailbox { return &mailbox{wake: make(chan struct{}, 1)} }

// put replaces the slot's message; it never blocks.
func (b *mailbox) put(slot int, msg tea.Msg) {
	b.mu.Lock()
	b.pending[slot] = msg
	b.mu.Unlock()
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// deliver sends the pending messages in slot order and empties the box.
func (b *mailbox) deliver(send func(tea.Msg)) {
	b.mu.Lock()
	msgs := b.pending
	b.pending = [numSlots]tea.Msg{}
	b.mu.Unlock()
	for _, m := range msgs {
		if m != nil {
			send(m)
		}
	}
}
