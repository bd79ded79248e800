export interface PageRequest {
  /** 1-based. */
  page: number;
  size: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}
