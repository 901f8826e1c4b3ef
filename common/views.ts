// The map explorer's and trace panel's shapes (core/live), for the client.
export * from '../core/live/views';
