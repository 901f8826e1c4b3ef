// Typed map key/value input and its validation (core/live), for the client.
export * from '../core/live/bytes';
