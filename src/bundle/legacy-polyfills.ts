// filled in below
export {};
