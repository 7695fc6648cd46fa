// Package render is reeld's render room: the seam between the server and
// the engine (Renderer, with EngineRenderer the real one, and the
// optional FrameRenderer and SplitRenderer), the project a stored video
// renders as (Project), and Assets, which opens a user's photos and
// musics and the built-in library's tracks for the engine, reserving
// photo decodes from the server's memory budget.
package render
