// Package auth is who may do what in reeld: random ids and secrets,
// password records (PBKDF2-SHA256), access tokens and their sliding
// expiry (Sessions), the throttles in front of logins (LoginGuard,
// HashPool) and requests (Limiter), and the operator's account commands
// (AddUser, RemoveUser, RevokeUserTokens).
//
// It knows nothing of HTTP: the API maps ErrUnauthorized to 401 and
// ErrBusy or a refused Limiter key to 429.
package auth
