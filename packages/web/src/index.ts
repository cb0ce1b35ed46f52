// The web package's public face.
export {};
