/*
 * list.h: intrusive doubly linked lists.
 *
 * A struct list_node is embedded in the structure to be listed; the list
 * head is a struct list_node too, linked to itself when the list is empty.
 * list_entry() gets from a node back to the structure around it.
 *
 *     head <-> a.node <-> b.node <-> c.node <-> (back to head)
 */
#ifndef _KERNEL_LIST_H_
#define _KERNEL_LIST_H_

#include "kernel/types.h"

struct list_node {
	struct list_node *next;
	struct list_node *prev;
};

#define container_of(ptr, type, member)					\
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))
#define list_entry(node, type, member)	container_of(node, type, member)

#define LIST_HEAD_INIT(h)	{ &(h), &(h) }

static inline void
list_init(struct list_node *head)
{
	head->next = head;
	head->prev = head;
}

static inline bool
list_empty(const struct list_node *head)
{
	return head->next == head;
}

/* Insert node between prev and next. */
static inline void
list_link(struct list_node *node, struct list_node *prev,
    struct list_node *next)
{
	node->prev = prev;
	node->next = next;
	prev->next = node;
	next->prev = node;
}

static inline void
list_insert_head(struct list_node *head, struct list_node *node)
{
	list_link(node, head, head->next);
}

static inline void
list_insert_tail(struct list_node *head, struct list_node *node)
{
	list_link(node, head->prev, head);
}

/* Unlink node; it then points at itself, which list_linked() detects. */
static inline void
list_remove(struct list_node *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	node->next = node;
	node->prev = node;
}

static inline bool
list_linked(const struct list_node *node)
{
	return node->next != node;
}

#define list_first(head, type, member)					\
	(list_empty(head) ? NULL : list_entry((head)->next, type, member))

#define list_foreach(pos, head)						\
	for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

#endif /* !_KERNEL_LIST_H_ */
