// Orders: the record engine's REST surface plus lines, payments and shipments.
import type { FastifyInstance } from 'fastify';
import { orderLinesReplaceSchema, paymentCreateSchema, shipmentCreateSchema, shipmentUpdateSchema } from '@svyaz/shared';
import { ctxOf } from '../../http/authenticate.js';
import { registerRecordRoutes } from '../../core/records/record-routes.js';
import { orderDefinition } from './orders.definition.js';
import { addPayment, listOrderLines, listPayments, replaceOrderLines } from './orders.service.js';
import { addShipment, listShipments, updateShipment } from './order-shipments.service.js';

type ById = { Params: { id: string } };

export function registerOrderRoutes(app: FastifyInstance): void {
  const tags = ['orders'];
  registerRecordRoutes(app, orderDefinition);
  app.get<ById>('/api/v1/orders/:id/lines', { schema: { tags } }, async (request) => listOrderLines(ctxOf(request), request.params.id));
  app.put<ById>('/api/v1/orders/:id/lines', { schema: { tags, summary: 'Replace every line; the total is recomputed', body: orderLinesReplaceSchema } }, async (request) =>
    replaceOrderLines(ctxOf(request), request.params.id, request.body),
  );
  app.get<ById>('/api/v1/orders/:id/payments', { schema: { tags } }, async (request) => listPayments(ctxOf(request), request.params.id));
  app.post<ById>('/api/v1/orders/:id/payments', { schema: { tags, body: paymentCreateSchema } }, async (request, reply) => {
    reply.status(201);
    return addPayment(ctxOf(request), request.params.id, request.body);
  });
  app.get<ById>('/api/v1/orders/:id/shipments', { schema: { tags } }, async (request) => listShipments(ctxOf(request), request.params.id));
  app.post<ById>('/api/v1/orders/:id/shipments', { schema: { tags, body: shipmentCreateSchema } }, async (request, reply) => {
    reply.status(201);
    return addShipment(ctxOf(request), request.params.id, request.body);
  });
  app.patch<{ Params: { id: string; shipmentId: string } }>('/api/v1/orders/:id/shipments/:shipmentId', { schema: { tags, body: shipmentUpdateSchema } }, async (request) =>
    updateShipment(ctxOf(request), request.params.id, request.params.shipmentId, request.body),
  );
}
