import { formatCount } from '../ui/format';
import type { Overview } from './overview-contract';

export function StatCards({ overview }: { overview: Overview }) {
  const { counts } = overview;
  const cards: { key: string; label: string; value: number; warn?: boolean }[] = [
    { key: 'events', label: 'Events', value: overview.events.total },
    { key: 'customers', label: 'Customers', value: counts.customers },
    { key: 'products', label: 'Products', value: counts.products },
    { key: 'orders', label: 'Orders', value: counts.orders },
    { key: 'reviews', label: 'Reviews', value: counts.reviews },
    { key: 'conversations', label: 'Conversations', value: counts.conversations },
    { key: 'kb-docs', label: 'KB docs', value: counts.kbDocs },
    { key: 'dead-letters', label: 'Dead letters', value: overview.deadLetters.total, warn: true },
  ];
  return (
    <ul className="cards" data-testid="stat-cards">
      {cards.map((card) => (
        <li
          key={card.key}
          className={card.warn && card.value > 0 ? 'card card-warn' : 'card'}
          data-testid={`stat-${card.key}`}
        >
          <span className="card-label">{card.label}</span>
          <span className="card-value">{formatCount(card.value)}</span>
        </li>
      ))}
    </ul>
  );
}
