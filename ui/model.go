package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// State is everything on the screen that belongs to the whole screen and
// that a presenter shares with followers. It is a plain comparable value.
// (Skeleton: the UI work fills it in.)
type State struct {
	View      View
	Indicator string
}

// Model is the root model of one program. (Skeleton.)
type Model struct {
	ds    *data.Dataset
	opts  Options
	state State
	w, h  int
}

// New makes the root model for one program.
func New(ds *data.Dataset, opts Options) Model { return Model{ds: ds, opts: opts} }

// State returns the shared screen state.
func (m Model) State() State { return m.state }

func (m Model) Init() tea.Cmd { return nil }

func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case tea.KeyMsg:
		if msg.String() == "q" || msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
	case ShutdownMsg:
		return m, tea.Quit
	}
	return m, nil
}

func (m Model) View() string { return "EAEU dashboard (skeleton)" }
