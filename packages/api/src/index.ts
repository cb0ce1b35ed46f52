// The api package's public face.
export {};
