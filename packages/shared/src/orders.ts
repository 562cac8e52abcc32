// Orders: status colours the web app shows, payment and shipment states, and the bodies of the
// order sub-resources (lines, shipments) that the create schema in schemas.ts does not cover.
import { z } from 'zod';
import { orderLineSchema, orderStatuses, shipmentCreateSchema } from './schemas.js';

export type OrderStatus = (typeof orderStatuses)[number];

/** Colour of each order status: done green, in progress blue, new grey, problem red, cancelled dark grey. */
export const orderStatusColours: Record<OrderStatus, 'grey' | 'blue' | 'green' | 'red' | 'darkgrey'> = {
  new: 'grey',
  in_progress: 'blue',
  done: 'green',
  problem: 'red',
  cancelled: 'darkgrey',
};

export const paymentStatuses = ['unpaid', 'partial', 'paid'] as const;
export const shipmentStatuses = ['not_shipped', 'partial', 'shipped'] as const;
export const shipmentStates = ['planned', 'shipped', 'delivered'] as const;

/** PUT /orders/:id/lines replaces every line. */
export const orderLinesReplaceSchema = z.strictObject({
  lines: z.array(orderLineSchema).max(1000, { message: 'at most 1000 lines' }),
});

/** PATCH /orders/:id/shipments/:shipmentId. */
export const shipmentUpdateSchema = shipmentCreateSchema.partial();
