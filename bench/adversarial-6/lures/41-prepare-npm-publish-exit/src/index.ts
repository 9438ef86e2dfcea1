export interface Candidate { id: string; name: string; stage: "screen" | "onsite" | "offer"; }
