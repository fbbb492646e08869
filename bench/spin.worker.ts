/** A piscina task that only burns CPU (~100 ms): the machine's own parallel ceiling for the pool bench. */
export default function spin(): number {
  let x = 0;
  for (let i = 0; i < 3e7; i++) x = (x + i * 1.0000001) % 1e9;
  return x;
}
