// Package server holds the HTTP handlers of ${{ values.name }}.
package server

import (
	"log/slog"
	"net/http"
)

// New returns the service's HTTP handler.
func New(logger *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok"))
	})
	return mux
}
