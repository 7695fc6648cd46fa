// Package model holds reeld's records as plain types — users and their
// access tokens, photos, musics, video clips, videos and their renditions, render jobs,
// callbacks, split-render segments and live processes — and the sentinel
// errors every store returns.
//
// The types carry no behaviour beyond small accessors: the rules that
// create, change and guard them live in the store (server/store), the
// queue (server/queue) and the render worker (server/render). model
// imports nothing of the server, so every other server package may
// import it.
package model
