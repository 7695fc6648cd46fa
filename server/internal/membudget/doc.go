// Package membudget bounds the memory reeld's image decodes take
// together: a process-wide Budget of bytes that every decode — a photo
// upload's check, a render's photo, a studio frame's photo — reserves
// what it will allocate from before it starts (Reserve) and gives back
// when done, and DecodeBytes, the estimate of what a decode allocates.
//
// Waiters are served first come, first served, and a request larger than
// the whole budget runs alone, so no decode waits forever.
package membudget
