// Command smoke runs the dashboard on the embedded dataset in the terminal,
// full screen with the mouse; the tmux smoke test drives it.
package main

import (
	"fmt"
	"os"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui"
)

func main() {
	ds, err := data.Default()
	if err != nil {
		fmt.Fprintln(os.Stderr, "smoke:", err)
		os.Exit(1)
	}
	p := tea.NewProgram(ui.New(ds, ui.Options{Lang: "en"}), tea.WithAltScreen(), tea.WithMouseCellMotion())
	if _, err := p.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "smoke:", err)
		os.Exit(1)
	}
}
